import type { CallSession } from '@pivotal-pm/sdk';
import type { CallingClient } from './types';
import { createFakeCallingClient } from './fakeClient';

/** How the emulated audio side paces a call: the server's ring reaching the browser, then the customer answering. */
export const EMULATED_TIMINGS = { ringMs: 400, customerRingingMs: 300, customerAnswersMs: 1_500 } as const;

/**
 * The softphone's client when the backend's telephony is the local ACS emulator (`npm start`): no media can flow
 * between a browser and the emulator, so after each `call.start` this client rings the softphone itself and plays
 * the customer answering, as the emulator does on the server side. Hang-up, hold, mute, DTMF and transfers act on
 * the simulated call; the server's own record of the call comes from the emulator's callbacks.
 */
export function createEmulatedCallingClient(): CallingClient {
  const fake = createFakeCallingClient();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };
  const client: CallingClient = {
    ...fake,
    expectCall(session: CallSession) {
      later(EMULATED_TIMINGS.ringMs, () => {
        fake.ring(session.toNumber ?? undefined);
        later(EMULATED_TIMINGS.customerRingingMs, () => fake.customer('ringing'));
        later(EMULATED_TIMINGS.customerAnswersMs, () => fake.customer('connected'));
      });
    },
    async dispose() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await fake.dispose();
    },
  };
  return client;
}
