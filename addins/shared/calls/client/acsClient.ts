/**
 * The CallingClient over Azure Communication Services' calling SDK. Only `loadCallingClient` imports this module,
 * through a dynamic `import()`: the SDK (megabytes) lands in a chunk of its own, fetched on the first call.
 */
import {
  CallClient,
  Features,
  type Call,
  type CallAgent,
  type CallState,
  type DtmfTone,
  type IncomingCall,
  type RemoteParticipant,
  type RemoteParticipantState,
  type Transfer,
} from '@azure/communication-calling';
import { AzureCommunicationTokenCredential, type CommunicationIdentifier } from '@azure/communication-common';
import {
  createEmitter,
  type CallingClient,
  type CallingInit,
  type CallLegState,
  type DtmfKey,
  type ParticipantState,
  type TransferTarget,
} from './types';

const legState = (s: CallState): CallLegState =>
  s === 'Connected'
    ? 'connected'
    : s === 'LocalHold' || s === 'RemoteHold'
      ? 'onHold'
      : s === 'Ringing' || s === 'EarlyMedia'
        ? 'ringing'
        : s === 'Disconnecting' || s === 'Disconnected'
          ? 'disconnected'
          : 'connecting';

const partyState = (s: RemoteParticipantState): ParticipantState =>
  s === 'Connected'
    ? 'connected'
    : s === 'Hold'
      ? 'onHold'
      : s === 'Ringing' || s === 'EarlyMedia'
        ? 'ringing'
        : s === 'Disconnected'
          ? 'disconnected'
          : 'connecting';

const tones: Record<DtmfKey, DtmfTone> = {
  '0': 'Num0',
  '1': 'Num1',
  '2': 'Num2',
  '3': 'Num3',
  '4': 'Num4',
  '5': 'Num5',
  '6': 'Num6',
  '7': 'Num7',
  '8': 'Num8',
  '9': 'Num9',
  '*': 'Star',
  '#': 'Pound',
};

/** Resolves once a transfer is done, rejects when the SDK reports it failed. */
function settled(transfer: Transfer): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (transfer.state === 'Transferred') resolve();
      else if (transfer.state === 'Failed')
        reject(new Error(`The transfer failed (${transfer.error?.code ?? 'no code'})`));
      else return;
      transfer.off('stateChanged', check);
    };
    transfer.on('stateChanged', check);
    check();
  });
}

const identifierOf = (t: TransferTarget): CommunicationIdentifier =>
  t.kind === 'phone' ? { phoneNumber: t.number } : { communicationUserId: t.id };

/** The performance mark set once the SDK's CallClient is constructed. */
export const CALL_CLIENT_MARK = 'pivotal:calling:call-client';

/** A CallClient is constructed at once (the SDK checks the browser); the agent waits for `init`. */
export function createAcsClient(): CallingClient {
  const events = createEmitter();
  const callClient = new CallClient();
  // A trace for diagnostics and the browser test: the SDK chunk loaded and its CallClient exists.
  performance.mark(CALL_CLIENT_MARK);
  let agent: CallAgent | null = null;
  let credential: AzureCommunicationTokenCredential | null = null;
  let callerNumber: string | undefined;
  const incoming = new Map<string, IncomingCall>();
  const calls = new Map<string, Call>();

  const call = (id: string): Call => {
    const c = calls.get(id);
    if (!c) throw new Error('That call has ended');
    return c;
  };

  const follow = (c: Call) => {
    calls.set(c.id, c);
    const state = () => {
      events.emit('callState', c.id, legState(c.state), c.callEndReason ? `code ${c.callEndReason.code}` : null);
      if (c.state === 'Disconnected') calls.delete(c.id);
    };
    c.on('stateChanged', state);
    c.on('isMutedChanged', () => events.emit('muted', c.id, c.isMuted));
    const party = (p: RemoteParticipant) => {
      const emit = () => events.emit('participantState', c.id, partyState(p.state));
      p.on('stateChanged', emit);
      emit();
    };
    c.remoteParticipants.forEach(party);
    c.on('remoteParticipantsUpdated', ({ added }) => added.forEach(party));
    const recording = c.feature(Features.Recording);
    recording.on('isRecordingActiveChanged', () => events.emit('recording', c.id, recording.isRecordingActive));
    state();
    if (recording.isRecordingActive) events.emit('recording', c.id, true);
  };

  return {
    async init(options: CallingInit) {
      if (agent) return;
      callerNumber = options.callerNumber;
      credential = new AzureCommunicationTokenCredential({
        token: options.token,
        tokenRefresher: () => options.refreshToken(),
        refreshProactively: true,
      });
      agent = await callClient.createCallAgent(credential);
      agent.on('incomingCall', ({ incomingCall }) => {
        incoming.set(incomingCall.id, incomingCall);
        incomingCall.on('callEnded', () => incoming.delete(incomingCall.id));
        const from = incomingCall.callerInfo.identifier;
        const callerId =
          from && 'phoneNumber' in from ? from.phoneNumber : (incomingCall.callerInfo.displayName ?? null);
        events.emit('incomingCall', { id: incomingCall.id, callerId });
      });
    },
    on: events.on,
    async accept(incomingId) {
      const offered = incoming.get(incomingId);
      if (!offered) throw new Error('The incoming call is gone');
      incoming.delete(incomingId);
      const c = await offered.accept();
      follow(c);
      return c.id;
    },
    async hangUp(callId) {
      const c = calls.get(callId);
      if (c && c.state !== 'Disconnected') await c.hangUp();
    },
    setMuted: (callId, muted) => (muted ? call(callId).mute() : call(callId).unmute()),
    setHeld: (callId, held) => (held ? call(callId).hold() : call(callId).resume()),
    sendDtmf: (callId, key) => call(callId).sendDtmf(tones[key]),
    async transfer(callId, target) {
      await settled(
        call(callId)
          .feature(Features.Transfer)
          .transfer({ targetParticipant: identifierOf(target) }),
      );
    },
    async startConsult(callId, target) {
      if (!agent) throw new Error('Calling is not signed in');
      await call(callId).hold();
      const consult = agent.startCall(
        [identifierOf(target)],
        target.kind === 'phone' && callerNumber ? { alternateCallerId: { phoneNumber: callerNumber } } : {},
      );
      follow(consult);
      return consult.id;
    },
    async completeConsultTransfer(callId, consultCallId) {
      await settled(
        call(callId)
          .feature(Features.Transfer)
          .transfer({ targetCallId: call(consultCallId).id }),
      );
    },
    isRecordingActive: (callId) => calls.get(callId)?.feature(Features.Recording).isRecordingActive ?? false,
    async dispose() {
      await agent?.dispose().catch(() => undefined);
      credential?.dispose();
      await callClient.dispose().catch(() => undefined);
      agent = null;
    },
  };
}
