import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { PlacedCall, TelephonyProvider } from '#integrations/telephony/port';
import { type CallbackReceiver, startCallbackReceiver } from '../emulator/receiver';
import { type AcsEmulator, startAcsEmulator } from '../emulator/server';
import { createAcsProvider } from './provider';

/** The caller ID the tests dial with. */
export const FROM = '+15550000100';
/** A callback event, read loosely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read callback JSON loosely, as test files do
export type LooseEvent = Record<string, any>;

/** A running emulator, a callback receiver, an Event Grid receiver and the provider (tests only). */
export type AcsHarness = {
  emulator: AcsEmulator;
  receiver: CallbackReceiver;
  eventGrid: CallbackReceiver;
  provider: TelephonyProvider;
  waitFor(on: CallbackReceiver, type: string, match?: (event: LooseEvent) => boolean): Promise<LooseEvent>;
  byContext(callId: string): (event: LooseEvent) => boolean;
  /** Places a call for `callId` and waits for the rep's browser to answer (CallConnected). */
  placed(callId: string): Promise<PlacedCall>;
};

/** Registers the hooks that start and stop the harness; its fields are set once `beforeAll` ran. */
export function useAcsHarness(): AcsHarness {
  const defaults = getCACertificates('default');
  const harness = {
    waitFor: (on, type, match) => on.waitForEvent(type, match as never) as Promise<LooseEvent>,
    byContext: (callId) => (event) => event.data?.operationContext === callId,
    async placed(callId) {
      const rep = await harness.provider.ensureIdentity(null);
      const call = await harness.provider.placeCall!({
        callId,
        repIdentity: rep,
        toNumber: '+15551230000',
        fromNumber: FROM,
        callbackUrl: `${harness.receiver.url}/calls/${callId}`,
      });
      await harness.waitFor(harness.receiver, 'CallConnected', harness.byContext(callId));
      return call;
    },
  } as AcsHarness;
  beforeAll(async () => {
    [harness.emulator, harness.receiver, harness.eventGrid] = await Promise.all([
      startAcsEmulator(),
      startCallbackReceiver(),
      startCallbackReceiver(),
    ]);
    setDefaultCACertificates([...defaults, harness.emulator.caPem]);
    harness.emulator.control.setEventGridUrl(`${harness.eventGrid.url}/eventgrid`);
    harness.provider = createAcsProvider({
      connectionString: harness.emulator.connectionString,
      maxRetries: 0,
      recordingOrigin: harness.emulator.url,
    });
  });
  afterEach(() => {
    harness.receiver.received.length = 0;
  });
  afterAll(async () => {
    setDefaultCACertificates(defaults);
    await Promise.all([harness.emulator.close(), harness.receiver.close(), harness.eventGrid.close()]);
  });
  return harness;
}
