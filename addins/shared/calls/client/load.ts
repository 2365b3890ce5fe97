import type { CallingClient } from './types';

/** Loads the ACS calling SDK (its own chunk, fetched only now) and answers a client over it. */
export async function loadCallingClient(): Promise<CallingClient> {
  const { createAcsClient } = await import('./acsClient');
  return createAcsClient();
}
