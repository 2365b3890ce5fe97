import { CallAutomationClient, type CallAutomationClientOptions } from '@azure/communication-call-automation';
import { CommunicationIdentityClient } from '@azure/communication-identity';
import type { TelephonyProvider } from '#integrations/telephony/port';
import { TelephonyError } from '#integrations/telephony/port';
import { guarded } from './errors';
import { recordingOriginPolicy } from './recordingOrigin';

/** Options for `createAcsProvider`. */
export type AcsProviderOptions = {
  /** `endpoint=https://<resource>.communication.azure.com/;accesskey=<key>` (or the emulator's). */
  connectionString: string;
  /** Browser token lifetime in minutes (ACS allows 60..1440); default 60. */
  tokenMinutes?: number;
  /** How long the customer's phone rings before AddParticipantFailed (seconds); ACS's default when unset. */
  invitationTimeoutSeconds?: number;
  /** Seconds of silence before the consent prompt gives up (RecognizeFailed); default 10. */
  consentTimeoutSeconds?: number;
  /** Azure AI services endpoint for text-to-speech (real ACS needs one to play text); unused by the emulator. */
  cognitiveServicesEndpoint?: string;
  /** Neural voice for the consent notice, e.g. `en-US-JennyNeural`. */
  voiceName?: string;
  /** SDK retries for 429/5xx (its default is 3). */
  maxRetries?: number;
  /** Sends recording-file requests (`*.asm.skype.com`) here instead: the emulator's URL. */
  recordingOrigin?: string;
};

/** The delete URL of a recording file: its content URL without the `/content/...` suffix. */
export const recordingDeleteUrl = (recordingUrl: string): string =>
  recordingUrl.replace(/\/content\/[^/?]+(\?.*)?$/, '');

/** The ACS telephony provider (`webrtc`: the rep's browser is rung by Call Automation, the customer added by PSTN). */
export function createAcsProvider(options: AcsProviderOptions): TelephonyProvider {
  const pipeline: CallAutomationClientOptions = {
    ...(options.maxRetries !== undefined ? { retryOptions: { maxRetries: options.maxRetries } } : {}),
    ...(options.recordingOrigin
      ? {
          additionalPolicies: [
            { policy: recordingOriginPolicy(options.recordingOrigin), position: 'perRetry' as const },
          ],
        }
      : {}),
  };
  const identity = new CommunicationIdentityClient(options.connectionString, pipeline);
  const automation = new CallAutomationClient(options.connectionString, pipeline);
  const tokenMinutes = options.tokenMinutes ?? 60;
  return {
    name: 'webrtc',
    serverPlaced: true,
    ensureIdentity: (existing) =>
      existing
        ? Promise.resolve(existing)
        : guarded('createUser', async () => (await identity.createUser()).communicationUserId),
    issueToken: (id) =>
      guarded('getToken', async () => {
        const issued = await identity.getToken({ communicationUserId: id }, ['voip'], {
          tokenExpiresInMinutes: tokenMinutes,
        });
        return { token: issued.token, expiresAt: issued.expiresOn, identity: id };
      }),
    placeCall: (request) =>
      guarded('createCall', async () => {
        const { callConnectionProperties: placed } = await automation.createCall(
          { targetParticipant: { communicationUserId: request.repIdentity } },
          request.callbackUrl,
          {
            operationContext: request.callId,
            ...(options.cognitiveServicesEndpoint
              ? { callIntelligenceOptions: { cognitiveServicesEndpoint: options.cognitiveServicesEndpoint } }
              : {}),
          },
        );
        return { providerCallId: placed.callConnectionId ?? '', serverCallId: placed.serverCallId ?? null };
      }),
    dialCustomer: async (request) => {
      if (!request.fromNumber)
        throw new TelephonyError(
          'ACS needs a caller ID (an ACS phone number) to dial a customer',
          null,
          'callerIdRequired',
        );
      const fromNumber = request.fromNumber;
      await guarded('addParticipant', () =>
        automation
          .getCallConnection(request.providerCallId)
          .addParticipant(
            { targetParticipant: { phoneNumber: request.toNumber }, sourceCallIdNumber: { phoneNumber: fromNumber } },
            { operationContext: request.callId, invitationTimeoutInSeconds: options.invitationTimeoutSeconds },
          ),
      );
    },
    hangUp: (providerCallId) => guarded('hangUp', () => automation.getCallConnection(providerCallId).hangUp(true)),
    promptConsent: (request) =>
      guarded('startRecognizing', () =>
        automation
          .getCallConnection(request.providerCallId)
          .getCallMedia()
          .startRecognizing(
            { phoneNumber: request.toNumber },
            {
              kind: 'callMediaRecognizeDtmfOptions',
              maxTonesToCollect: 1,
              interruptPrompt: true,
              initialSilenceTimeoutInSeconds: options.consentTimeoutSeconds ?? 10,
              playPrompt: { kind: 'textSource', text: request.text, voiceName: options.voiceName },
              operationContext: request.callId,
            },
          ),
      ),
    startRecording: (request) =>
      guarded('startRecording', async () => {
        const started = await automation.getCallRecording().start({
          callLocator: { id: request.serverCallId, kind: 'serverCallLocator' },
          recordingStateCallbackEndpointUrl: request.callbackUrl,
          recordingContent: 'audio',
          recordingChannel: 'mixed',
          recordingFormat: 'mp3',
        });
        return { recordingId: started.recordingId };
      }),
    stopRecording: (recordingId) => guarded('stopRecording', () => automation.getCallRecording().stop(recordingId)),
    deleteRecording: (recordingUrl) =>
      guarded('deleteRecording', () => automation.getCallRecording().delete(recordingDeleteUrl(recordingUrl))),
    transfer: (request) =>
      guarded('transfer', async () => {
        const connection = automation.getCallConnection(request.providerCallId);
        // With the rep and the customer on the call, ACS needs to be told who is transferred: the phone party.
        const participants = await connection.listParticipants();
        const customer = participants.values?.find((p) => p.identifier && 'phoneNumber' in p.identifier)?.identifier;
        const target = request.target.startsWith('+')
          ? { phoneNumber: request.target }
          : { communicationUserId: request.target };
        await connection.transferCallToParticipant(target, customer ? { transferee: customer } : {});
      }),
  };
}
