import { randomUUID } from 'node:crypto';
import { callEvent, later, result, sendCallEvents } from './events';
import { stopRecordingsOf } from './recordings';
import {
  type AcsState,
  DEFAULT_BEHAVIOUR,
  type EmulatedCall,
  type IdentifierModel,
  type NumberBehaviour,
} from './types';

/** A 4xx the routes answer with an ACS error body. */
export class AcsRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const phoneOf = (id: IdentifierModel | undefined): string | null =>
  id?.phoneNumber?.value ?? (id?.rawId?.startsWith('4:') ? id.rawId.slice(2) : null);

const keyOf = (id: IdentifierModel): string => id.rawId ?? id.communicationUser?.id ?? `4:${id.phoneNumber?.value}`;

export const phoneIdentifier = (value: string): IdentifierModel => ({
  kind: 'phoneNumber',
  rawId: `4:${value}`,
  phoneNumber: { value },
});

export function behaviourOf(state: AcsState, phoneNumber: string): NumberBehaviour {
  return { ...DEFAULT_BEHAVIOUR, ...state.numbers.get(phoneNumber) };
}

export function requireCall(state: AcsState, callConnectionId: string): EmulatedCall {
  const call = state.calls.get(callConnectionId);
  if (!call) throw new AcsRequestError(404, '8522', 'Call not found.');
  return call;
}

export function requireLive(state: AcsState, callConnectionId: string): EmulatedCall {
  const call = requireCall(state, callConnectionId);
  if (call.state === 'disconnected') throw new AcsRequestError(404, '8522', 'Call has already ended.');
  return call;
}

const participantsUpdated = (call: EmulatedCall) =>
  callEvent(call, 'ParticipantsUpdated', { participants: call.participants, sequenceNumber: ++call.sequence }, null);

type CreateCallBody = {
  targets?: IdentifierModel[];
  source?: IdentifierModel;
  callbackUri?: string;
  operationContext?: string;
  sourceCallerIdNumber?: { value: string };
};

/** Places a call to the targets; a communication user (the rep's browser) answers by itself after `repAnswerMs`. */
export function createCall(state: AcsState, body: CreateCallBody): EmulatedCall {
  if (!body.callbackUri || !/^https?:\/\//.test(body.callbackUri))
    throw new AcsRequestError(400, 'BadRequest', 'callbackUri must be an absolute URL.');
  if (!body.targets?.length) throw new AcsRequestError(400, 'BadRequest', 'At least one target is required.');
  const call: EmulatedCall = {
    callConnectionId: randomUUID(),
    serverCallId: Buffer.from(`emulator:${randomUUID()}`).toString('base64url'),
    correlationId: randomUUID(),
    callbackUri: body.callbackUri,
    operationContext: body.operationContext ?? null,
    source: body.source ?? null,
    targets: body.targets,
    sourceCallerIdNumber: body.sourceCallerIdNumber?.value ?? null,
    state: 'connecting',
    participants: [],
    delivery: Promise.resolve(),
    sequence: 0,
  };
  state.calls.set(call.callConnectionId, call);
  later(state, state.repAnswerMs, () => {
    if (call.state !== 'connecting') return;
    call.state = 'connected';
    call.participants = call.targets.map((identifier) => ({ identifier, isMuted: false, isOnHold: false }));
    void sendCallEvents(state, call, [callEvent(call, 'CallConnected', {}, call.operationContext)]);
    void sendCallEvents(state, call, [participantsUpdated(call)]);
  });
  return call;
}

/** The wire shape of a call connection. */
export function callProperties(call: EmulatedCall): Record<string, unknown> {
  return {
    callConnectionId: call.callConnectionId,
    serverCallId: call.serverCallId,
    targets: call.targets,
    callConnectionState: call.state,
    callbackUri: call.callbackUri,
    ...(call.sourceCallerIdNumber ? { sourceCallerIdNumber: { value: call.sourceCallerIdNumber } } : {}),
    ...(call.source ? { source: call.source } : {}),
    correlationId: call.correlationId,
  };
}

type AddParticipantBody = {
  participantToAdd?: IdentifierModel;
  operationContext?: string;
  sourceCallerIdNumber?: { value: string };
};

/** Invites a phone number; the number's behaviour decides AddParticipantSucceeded or AddParticipantFailed. */
export function addParticipant(state: AcsState, call: EmulatedCall, body: AddParticipantBody): Record<string, unknown> {
  const number = phoneOf(body.participantToAdd);
  if (!number) throw new AcsRequestError(400, 'BadRequest', 'participantToAdd must be a phone number.');
  if (!body.sourceCallerIdNumber?.value)
    throw new AcsRequestError(400, 'BadRequest', 'sourceCallerIdNumber is required to add a PSTN participant.');
  if (call.state !== 'connected')
    throw new AcsRequestError(400, '8501', 'Action is not valid when call is not in Established state.');
  const identifier = phoneIdentifier(number);
  const behaviour = behaviourOf(state, number);
  const context = body.operationContext ?? null;
  const invitationId = randomUUID();
  const failed = (code: number, subCode: number, message: string) =>
    void sendCallEvents(state, call, [
      callEvent(call, 'AddParticipantFailed', { participant: identifier, ...result(code, subCode, message) }, context),
    ]);
  if (behaviour.outcome === 'busy') later(state, 10, () => failed(486, 10037, 'Participant is busy.'));
  else if (behaviour.outcome === 'noAnswer')
    later(state, behaviour.ringMs, () => failed(408, 10004, 'Call was not answered within the invitation timeout.'));
  else
    later(state, behaviour.ringMs, () => {
      if (call.state !== 'connected') return;
      call.participants.push({ identifier, isMuted: false, isOnHold: false });
      const succeeded = callEvent(
        call,
        'AddParticipantSucceeded',
        { participant: identifier, ...result(200, 0, 'Participant added.') },
        context,
      );
      void sendCallEvents(state, call, [succeeded]);
      void sendCallEvents(state, call, [participantsUpdated(call)]);
      if (behaviour.hangUpAfterMs !== null) later(state, behaviour.hangUpAfterMs, () => leave(state, call, identifier));
    });
  return { participant: { identifier, isMuted: false, isOnHold: false }, operationContext: context, invitationId };
}

/** A participant leaves; with nobody left to talk to, the call ends for everyone. */
export function leave(state: AcsState, call: EmulatedCall, who: IdentifierModel): void {
  if (call.state === 'disconnected') return;
  call.participants = call.participants.filter((p) => keyOf(p.identifier) !== keyOf(who));
  void sendCallEvents(state, call, [participantsUpdated(call)]);
  if (call.participants.length < 2) disconnect(state, call);
}

/** Ends the call: recordings stop, and the app gets CallDisconnected. */
export function disconnect(state: AcsState, call: EmulatedCall): void {
  if (call.state === 'disconnected') return;
  call.state = 'disconnected';
  stopRecordingsOf(state, call.serverCallId);
  void sendCallEvents(state, call, [callEvent(call, 'CallDisconnected', {}, call.operationContext)]);
}
