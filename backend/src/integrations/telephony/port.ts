/**
 * The telephony port: what the call domain needs from a provider (Azure Communication Services first, Twilio
 * second, SIP through ACS direct routing). The domain never imports a provider's SDK; each provider implements
 * this port, and the tests drive the same provider code against the project's emulators.
 */

/** The providers of the Call Session DTO (`webrtc` is ACS calling in the browser). */
export type ProviderName = 'webrtc' | 'twilio' | 'sip';

/** A short-lived token the browser's calling SDK signs in with. */
export type BrowserToken = { token: string; expiresAt: Date; identity: string };

/** What placing a server-side call needs: our session id is echoed back in every callback. */
export type PlaceCallRequest = {
  /** Our call session id (the callbacks' `operationContext`). */
  callId: string;
  /** The rep's provider identity: their browser is rung first and the customer is added once it answers. */
  repIdentity: string;
  /** E.164. */
  toNumber: string;
  /** The caller ID shown to the customer (E.164), when the tenant has one. */
  fromNumber: string | null;
  /** Where the provider posts this call's events (absolute https URL). */
  callbackUrl: string;
};

/** A call the provider accepted: its ids for later commands. */
export type PlacedCall = { providerCallId: string; serverCallId: string | null };

/** A call event from a provider callback, in the domain's words. */
export type CallSignal = {
  /** The provider's event id: a signal is applied at most once. */
  eventId: string;
  /** Our call session id (from `operationContext` or the callback URL). */
  callId: string;
  kind:
    | 'ringing'
    | 'connected'
    | 'ended'
    | 'failed'
    | 'consent_given'
    | 'consent_refused'
    | 'recording_started'
    | 'recording_stopped'
    | 'recording_ready';
  at: Date;
  providerCallId?: string;
  serverCallId?: string;
  /** `recording_started` / `recording_ready`: the provider's recording id. */
  recordingId?: string;
  /** `recording_ready`: where the file can be downloaded (kept sealed). */
  recordingUrl?: string;
  /** `failed` / `ended`: why, as the provider said it (e.g. `486 busy`, `408 no answer`). */
  reason?: string;
  /** Provider-measured duration, when it reports one. */
  durationSec?: number;
};

/** One telephony provider behind the port. Optional members are what only server-side call control offers. */
export interface TelephonyProvider {
  readonly name: ProviderName;
  /** Whether the server places the call (ACS Call Automation) or the browser does (Twilio's Voice SDK). */
  readonly serverPlaced: boolean;
  /** The user's provider identity: `existing` when there is one, else a new one (kept sealed by the caller). */
  ensureIdentity(existing: string | null): Promise<string>;
  /** A VoIP-scoped token for the identity, valid about an hour. */
  issueToken(identity: string): Promise<BrowserToken>;
  /** Rings the rep's browser (their identity); once it answers (`ringing` signal) the domain dials the customer. */
  placeCall?(request: PlaceCallRequest): Promise<PlacedCall>;
  /** Adds the customer to a placed call: `connected` when they answer, `failed` with a reason when not. */
  dialCustomer?(request: {
    providerCallId: string;
    callId: string;
    toNumber: string;
    fromNumber: string | null;
  }): Promise<void>;
  hangUp?(providerCallId: string): Promise<void>;
  /** Plays the recording notice to the customer and collects one DTMF digit (1 = consent); answers by callback. */
  promptConsent?(request: { providerCallId: string; callId: string; toNumber: string; text: string }): Promise<void>;
  startRecording?(request: {
    serverCallId: string;
    callId: string;
    callbackUrl: string;
  }): Promise<{ recordingId: string }>;
  stopRecording?(recordingId: string): Promise<void>;
  /** Deletes a recording file at the provider (retention). */
  deleteRecording?(recordingUrl: string): Promise<void>;
  /** Transfers the customer to another number or user; `consult` when the rep talked to them first. */
  transfer?(request: { providerCallId: string; target: string }): Promise<void>;
}

/** The provider refused or failed a request; `status` is its HTTP status when there was one. */
export class TelephonyError extends Error {
  override name = 'TelephonyError';
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}
