import {
  createEmitter,
  type CallingClient,
  type CallingInit,
  type CallLegState,
  type DtmfKey,
  type ParticipantState,
  type TransferTarget,
} from './types';

/** One thing the softphone asked of the fake client, for tests to check. */
export type FakeAction =
  | { kind: 'init'; token: string }
  | { kind: 'accept'; incomingId: string }
  | { kind: 'hangUp'; callId: string }
  | { kind: 'mute'; callId: string; muted: boolean }
  | { kind: 'hold'; callId: string; held: boolean }
  | { kind: 'dtmf'; callId: string; key: DtmfKey }
  | { kind: 'transfer'; callId: string; target: TransferTarget }
  | { kind: 'consult'; callId: string; target: TransferTarget }
  | { kind: 'completeConsult'; callId: string; consultCallId: string }
  | { kind: 'dispose' };

export type FakeCallingClient = CallingClient & {
  actions: FakeAction[];
  /** What the next `init` (or the named method) throws. */
  failures: Partial<Record<'init' | 'accept' | 'transfer' | 'consult', Error>>;
  /** The server rings the rep's browser. */
  ring(callerId?: string): string;
  /** The customer's side of the call moves on (`ringing`, `connected`, `disconnected`...). */
  customer(state: ParticipantState, callId?: string): void;
  /** The call itself moves on (the far end hung up: `disconnected`). */
  callState(state: CallLegState, callId?: string): void;
  recording(active: boolean, callId?: string): void;
  /** The id of the latest accepted call (the rep's leg). */
  current(): string | null;
  /** The id of the latest consult call. */
  consult(): string | null;
};

/** A CallingClient that simulates the service: tests drive it, and it records what the softphone asked. */
export function createFakeCallingClient(): FakeCallingClient {
  const events = createEmitter();
  const recording = new Map<string, boolean>();
  let seq = 0;
  let last: string | null = null;
  let consult: string | null = null;
  const act = (a: FakeAction, failure?: keyof FakeCallingClient['failures']) => {
    fake.actions.push(a);
    const error = failure && fake.failures[failure];
    if (error) {
      delete fake.failures[failure];
      throw error;
    }
  };
  const fake: FakeCallingClient = {
    actions: [],
    failures: {},
    async init(options: CallingInit) {
      act({ kind: 'init', token: options.token }, 'init');
    },
    on: events.on,
    async accept(incomingId) {
      act({ kind: 'accept', incomingId }, 'accept');
      seq += 1;
      last = `call-${seq}`;
      events.emit('callState', last, 'connected', null);
      events.emit('participantState', last, 'connecting');
      return last;
    },
    async hangUp(callId) {
      act({ kind: 'hangUp', callId });
      events.emit('callState', callId, 'disconnected', null);
    },
    async setMuted(callId, muted) {
      act({ kind: 'mute', callId, muted });
      events.emit('muted', callId, muted);
    },
    async setHeld(callId, held) {
      act({ kind: 'hold', callId, held });
      events.emit('callState', callId, held ? 'onHold' : 'connected', null);
    },
    async sendDtmf(callId, key) {
      act({ kind: 'dtmf', callId, key });
    },
    async transfer(callId, target) {
      act({ kind: 'transfer', callId, target }, 'transfer');
      events.emit('callState', callId, 'disconnected', 'transferred');
    },
    async startConsult(callId, target) {
      act({ kind: 'consult', callId, target }, 'consult');
      events.emit('callState', callId, 'onHold', null);
      seq += 1;
      consult = `call-${seq}`;
      events.emit('callState', consult, 'connecting', null);
      return consult;
    },
    async completeConsultTransfer(callId, consultCallId) {
      act({ kind: 'completeConsult', callId, consultCallId });
      events.emit('callState', consultCallId, 'disconnected', 'transferred');
      events.emit('callState', callId, 'disconnected', 'transferred');
    },
    isRecordingActive: (callId) => recording.get(callId) ?? false,
    async dispose() {
      act({ kind: 'dispose' });
    },
    ring(callerId = '+15550100') {
      seq += 1;
      const id = `incoming-${seq}`;
      events.emit('incomingCall', { id, callerId });
      return id;
    },
    customer(state, callId = last ?? '') {
      events.emit('participantState', callId, state);
    },
    callState(state, callId = last ?? '') {
      events.emit('callState', callId, state, null);
    },
    recording(active, callId = last ?? '') {
      recording.set(callId, active);
      events.emit('recording', callId, active);
    },
    current: () => last,
    consult: () => consult,
  };
  return fake;
}
