import type { CallingClient, CallingClientOptions } from './types';

/**
 * Answers the softphone's client: over the ACS calling SDK (its own chunk, fetched only now), or, when the backend's
 * telephony is the local ACS emulator, the emulated client (no media can reach a browser from the emulator).
 */
export async function loadCallingClient(options: CallingClientOptions): Promise<CallingClient> {
  if (options.emulated) {
    const { createEmulatedCallingClient } = await import('./emulatedClient');
    return createEmulatedCallingClient();
  }
  const { createAcsClient } = await import('./acsClient');
  return createAcsClient();
}
