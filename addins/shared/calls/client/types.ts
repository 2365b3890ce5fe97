import type { CallSession } from '@pivotal-pm/sdk';

/**
 * What the softphone needs from a browser calling SDK. The server places calls (ACS Call Automation rings the
 * rep's identity, then dials the customer), so the browser side only signs in, accepts the incoming leg and
 * controls it. `acsClient.ts` implements it over `@azure/communication-calling` (its own lazily loaded chunk);
 * `fakeClient.ts` simulates it for tests and demos.
 */

/** The state of a call leg the client holds, in the softphone's words. */
export type CallLegState = 'connecting' | 'ringing' | 'connected' | 'onHold' | 'disconnected';

/** The state of the other party (the customer) on a call. */
export type ParticipantState = 'connecting' | 'ringing' | 'connected' | 'onHold' | 'disconnected';

/** The keys of a dial pad. */
export const DTMF_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
export type DtmfKey = (typeof DTMF_KEYS)[number];

/** Where a transfer or consult goes: a phone number (E.164) or a user's communication identity. */
export type TransferTarget = { kind: 'phone'; number: string } | { kind: 'user'; id: string };

/** An incoming call offered to the rep's browser. */
export type IncomingCallInfo = { id: string; callerId: string | null };

/** The events a client reports; each listener gets the id of the call it concerns. */
export type CallingEvents = {
  incomingCall: (call: IncomingCallInfo) => void;
  callState: (callId: string, state: CallLegState, reason: string | null) => void;
  participantState: (callId: string, state: ParticipantState) => void;
  recording: (callId: string, active: boolean) => void;
  muted: (callId: string, muted: boolean) => void;
};

/** What the softphone knows when it makes its client: whether the backend's telephony is the local emulator. */
export type CallingClientOptions = { emulated: boolean };

export type CallingInit = {
  /** The access token of `call.token.get`. */
  token: string;
  /** Answers a fresh token when the current one nears its expiry. */
  refreshToken(): Promise<string>;
  /** The caller ID (E.164) to show when the browser itself calls a number (a consult call). */
  callerNumber?: string;
};

export interface CallingClient {
  /** Signs in (creates the call agent); rejects with a readable error on a bad token or no service. */
  init(options: CallingInit): Promise<void>;
  /** Subscribes to an event; answers the unsubscribe. */
  on<K extends keyof CallingEvents>(event: K, listener: CallingEvents[K]): () => void;
  /** Accepts an incoming call; answers the id of the call it became. */
  accept(incomingId: string): Promise<string>;
  hangUp(callId: string): Promise<void>;
  setMuted(callId: string, muted: boolean): Promise<void>;
  setHeld(callId: string, held: boolean): Promise<void>;
  sendDtmf(callId: string, key: DtmfKey): Promise<void>;
  /** Blind transfer: hands the call to the target and leaves it. */
  transfer(callId: string, target: TransferTarget): Promise<void>;
  /** Warm transfer, first half: holds the call and calls the target; answers the consult call's id. */
  startConsult(callId: string, target: TransferTarget): Promise<string>;
  /** Warm transfer, second half: transfers the held call to the consult call (both leave the rep). */
  completeConsultTransfer(callId: string, consultCallId: string): Promise<void>;
  isRecordingActive(callId: string): boolean;
  /** The server accepted `call.start` and will ring this browser (the emulated client then rings itself). */
  expectCall?(session: CallSession): void;
  dispose(): Promise<void>;
}

/** A small typed event hub the implementations share. */
export function createEmitter() {
  type Listener = (...args: unknown[]) => void;
  const listeners = new Map<keyof CallingEvents, Set<Listener>>();
  return {
    on<K extends keyof CallingEvents>(event: K, listener: CallingEvents[K]): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as Listener);
      return () => void set.delete(listener as Listener);
    },
    emit<K extends keyof CallingEvents>(event: K, ...args: Parameters<CallingEvents[K]>): void {
      for (const l of [...(listeners.get(event) ?? [])]) l(...args);
    },
  };
}
