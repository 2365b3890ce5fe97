import { randomBytes } from 'node:crypto';
import tls from 'node:tls';
import type { Config } from '#config';
import { portInUseMessage } from '#db/embedded';
import { setTelephonyRuntime, type TelephonyRuntime } from '#domains/calls/runtime';
import { acsEventsToSignals, createAcsCallbackVerifier } from '#integrations/acs/callbacks/index';
import { type AcsEmulator, startAcsEmulator } from '#integrations/acs/emulator/index';
import { createAcsProvider } from '#integrations/acs/provider/index';
import type { EmulatorCertificate } from '#integrations/graph/emulator/certificate';
import { ensureEmulatorCertificate } from '#integrations/graph/emulator/index';
import { twilioStatusToSignal, verifyTwilioSignature } from '#integrations/twilio/callbacks';
import { createTwilioProvider } from '#integrations/twilio/provider';
import { dialTwiml } from '#integrations/twilio/twiml';
import { graphEmulatorDir } from './embeddedGraph';

/** The telephony of a process: its runtime, the embedded ACS emulator when one was started, and how to stop. */
export type Telephony = { runtime: TelephonyRuntime; emulator: AcsEmulator | null; close(): Promise<void> };

/**
 * Builds the telephony runtime from config and installs it: ACS (the embedded ACS emulator when
 * `ACS_CONNECTION_STRING` is unset outside production, on the Graph emulator's certificate, which `npm start`
 * already trusts; its recording-file events are posted to our Event Grid route) and Twilio when configured.
 * `publicUrl` is where the providers post callbacks (a test gives its own server's URL).
 */
export async function startTelephony(
  config: Config,
  options: { publicUrl?: string; certificate?: EmulatorCertificate; port?: number } = {},
): Promise<Telephony> {
  const publicUrl = options.publicUrl ?? config.publicUrl;
  const eventGridKey = config.acs.eventGridKey ?? randomBytes(24).toString('base64url');
  let emulator: AcsEmulator | null = null;
  if (config.acs.connectionString === 'emulator') {
    const certificate = options.certificate ?? (await ensureEmulatorCertificate(graphEmulatorDir(config)));
    const port = options.port ?? config.acs.emulatorPort;
    emulator = await startAcsEmulator({
      port,
      certificate,
      eventGridUrl: new URL(`/api/calls/acs/recordings?key=${eventGridKey}`, publicUrl).toString(),
    }).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EADDRINUSE'
        ? new Error(portInUseMessage(port, 'ACS_EMULATOR_PORT'), { cause: error })
        : error;
    });
    const defaults = tls.getCACertificates('default');
    if (!defaults.includes(emulator.caPem)) tls.setDefaultCACertificates([...defaults, emulator.caPem]);
  }
  const connectionString = emulator?.connectionString ?? config.acs.connectionString;
  const acs = connectionString
    ? createAcsProvider({
        connectionString,
        ...(emulator ? { recordingOrigin: emulator.url } : {}),
        ...(config.acs.cognitiveServicesEndpoint
          ? { cognitiveServicesEndpoint: config.acs.cognitiveServicesEndpoint }
          : {}),
      })
    : null;
  const audience = emulator?.resourceId ?? config.acs.resourceId;
  const verifier =
    acs && audience
      ? createAcsCallbackVerifier({
          jwksUrl: emulator?.jwksUrl ?? config.acs.callbackJwksUrl,
          audience,
          issuer: emulator?.callbackIssuer ?? config.acs.callbackIssuer,
        })
      : null;
  const twilio = config.twilio;
  const runtime: TelephonyRuntime = {
    acs,
    acsEmulated: emulator !== null,
    twilio: twilio
      ? createTwilioProvider({
          accountSid: twilio.accountSid,
          apiKeySid: twilio.apiKeySid,
          apiKeySecret: twilio.apiKeySecret,
          outgoingApplicationSid: twilio.twimlAppSid,
          authToken: twilio.authToken,
        })
      : null,
    publicUrl,
    callerId: config.acs.callerId,
    acsCallbacks: verifier
      ? {
          verify: async (authorization) => void (await verifier.verify(authorization)),
          // A call's own URL names it (recording-state events carry no operationContext); Event Grid's file events
          // name only the server call, which the route turns into a call (`call_route`).
          signals: (events, callId) =>
            acsEventsToSignals(events as never, callId ? { callId } : { callIdForServerCall: (server) => server }),
          eventGridKey,
        }
      : null,
    twilioCallbacks: twilio
      ? {
          verify: (url, params, signature) =>
            verifyTwilioSignature({ authToken: twilio.authToken, url, params, signature }),
          signal: (params, callId) => twilioStatusToSignal(params, callId),
          twiml: dialTwiml,
        }
      : null,
  };
  setTelephonyRuntime(runtime);
  return {
    runtime,
    emulator,
    async close() {
      setTelephonyRuntime(null);
      await emulator?.close();
    },
  };
}
