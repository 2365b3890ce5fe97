import type { SigningKeys } from './keys';

/** A communication identifier on the wire (`CommunicationIdentifierModel`). */
export type IdentifierModel = {
  kind?: string;
  rawId?: string;
  communicationUser?: { id: string };
  phoneNumber?: { value: string };
};

/** How an emulated phone number behaves when it is dialled. */
export type NumberBehaviour = {
  /** `answer` (default), `noAnswer` (408 after `ringMs`) or `busy` (486 at once). */
  outcome: 'answer' | 'noAnswer' | 'busy';
  /** Ring time before answering, or before a no-answer gives up. */
  ringMs: number;
  /** The DTMF digit the customer presses at a recognize prompt; `null` stays silent (RecognizeFailed). */
  digit: string | null;
  /** Delay before the digit is pressed, or before silence times out. */
  digitAfterMs: number;
  /** The customer hangs up this long after answering; `null` stays on the line. */
  hangUpAfterMs: number | null;
};

export const DEFAULT_BEHAVIOUR: NumberBehaviour = {
  outcome: 'answer',
  ringMs: 50,
  digit: '1',
  digitAfterMs: 30,
  hangUpAfterMs: null,
};

export type Participant = { identifier: IdentifierModel; isMuted: boolean; isOnHold: boolean };

/** One call connection the emulator holds. */
export type EmulatedCall = {
  callConnectionId: string;
  serverCallId: string;
  correlationId: string;
  callbackUri: string;
  operationContext: string | null;
  source: IdentifierModel | null;
  targets: IdentifierModel[];
  sourceCallerIdNumber: string | null;
  state: 'connecting' | 'connected' | 'disconnected';
  participants: Participant[];
  /** Events are posted one after the other, in order. */
  delivery: Promise<void>;
  sequence: number;
};

export type EmulatedRecording = {
  recordingId: string;
  serverCallId: string;
  callConnectionId: string | null;
  state: 'active' | 'inactive';
  callbackUri: string | null;
  startedAt: Date;
  documentId: string;
};

/** A callback POST the emulator made (Call Automation webhook or Event Grid). */
export type SentCallback = {
  url: string;
  channel: 'callAutomation' | 'eventGrid';
  events: Record<string, unknown>[];
  status: number | null;
  error: string | null;
  at: string;
};

/** Failures on demand: the next `remaining` signed requests whose path contains `path` answer `status`. */
export type Fault = {
  path: string;
  method: string | null;
  remaining: number;
  status: number;
  retryAfterSeconds: number;
};

export type Identity = { id: string; createdAt: Date; tokensRevokedAt: Date | null };

/** Everything the routes, the call engine and the control share. */
export type AcsState = {
  accessKey: string;
  resourceId: string;
  /** The URL the emulator advertises (recording locations). */
  host: string;
  keys: SigningKeys;
  callbackIssuer: string;
  repAnswerMs: number;
  eventGridUrl: string | null;
  identities: Map<string, Identity>;
  calls: Map<string, EmulatedCall>;
  recordings: Map<string, EmulatedRecording>;
  /** Recording files by document id (deleted ones removed). */
  files: Map<string, { recordingId: string; deleted: boolean }>;
  numbers: Map<string, Partial<NumberBehaviour>>;
  faults: Fault[];
  callbacks: SentCallback[];
  timers: Set<NodeJS.Timeout>;
};

/** An ACS-shaped error body. */
export function acsError(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}
