import type { CallSession } from '@pivotal-pm/sdk';
import type { CallSignal, TelephonyProvider } from '#integrations/telephony/port';
import { invalidField } from '#http/errors';

/** What the call domain shares in a process: the configured providers and where their callbacks come in. */
export type TelephonyRuntime = {
  /** ACS (`webrtc`, and `sip` through ACS direct routing) and Twilio, when configured. */
  acs: TelephonyProvider | null;
  /** ACS is the embedded emulator: browsers get no media and simulate it (`CallToken.emulated`). */
  acsEmulated: boolean;
  twilio: TelephonyProvider | null;
  /** The API's public URL: the providers post call events under it. */
  publicUrl: string;
  /** The caller ID shown to customers (E.164), when the deployment has a number. */
  callerId: string | null;
  /** ACS's callbacks: the bearer token's check (throws when it is not ACS's) and the events in the domain's words. */
  acsCallbacks: {
    verify(authorization: string | undefined): Promise<void>;
    /** `callId`: the call the callback URL names; null for Event Grid's (their `callId` is the server call id). */
    signals(events: readonly unknown[], callId: string | null): CallSignal[];
    /** The secret the Event Grid subscription for recording files carries in its URL (`?key=`). */
    eventGridKey: string | null;
  } | null;
  /** Twilio's status callbacks: the `X-Twilio-Signature` check over the full URL and form, and their signal. */
  twilioCallbacks: {
    verify(url: string, params: Record<string, string>, signature: string | undefined): boolean;
    signal(params: Record<string, string>, callId: string): CallSignal | null;
    /** The TwiML answering the TwiML app's voice request. */
    twiml(
      instructions:
        | { kind: 'dial'; toNumber: string; callerId: string | null; record: boolean; callbackUrl: string }
        | { kind: 'reject' },
    ): string;
  } | null;
};

let current: TelephonyRuntime | null = null;

/** Installs the process's telephony runtime (the entrypoint builds it from config). */
export function setTelephonyRuntime(runtime: TelephonyRuntime | null): void {
  current = runtime;
}

/** The installed telephony runtime, or null when calls are not configured in this process. */
export function telephonyRuntime(): TelephonyRuntime | null {
  return current;
}

/** The provider behind a session's provider name: SIP trunks reach customers through ACS direct routing. */
export function providerFor(runtime: TelephonyRuntime | null, name: CallSession['provider']): TelephonyProvider | null {
  if (!runtime) return null;
  return name === 'twilio' ? runtime.twilio : runtime.acs;
}

/** The provider for an operation, or a 400 naming the `provider` field when this deployment has none. */
export function requireProvider(name: CallSession['provider']): {
  runtime: TelephonyRuntime;
  provider: TelephonyProvider;
} {
  const runtime = telephonyRuntime();
  const provider = providerFor(runtime, name);
  if (!runtime || !provider)
    throw invalidField('provider', `the ${name} provider is not configured in this deployment`);
  return { runtime, provider };
}

/** Where a provider posts a call's events. */
export function callbackUrl(
  runtime: TelephonyRuntime,
  kind: 'acs' | 'twilio',
  tenantId: string,
  callId: string,
): string {
  return new URL(`/api/calls/${kind}/events/${tenantId}/${callId}`, runtime.publicUrl).toString();
}
