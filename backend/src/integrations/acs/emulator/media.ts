import { randomUUID } from 'node:crypto';
import { AcsRequestError, behaviourOf, disconnect, phoneOf } from './calls';
import { callEvent, later, result, sendCallEvents } from './events';
import type { AcsState, EmulatedCall, IdentifierModel } from './types';

/** How long the emulator "plays" a prompt before PlayCompleted. */
export const PLAY_MS = 20;

const TONES: Record<string, string> = {
  '0': 'zero',
  '1': 'one',
  '2': 'two',
  '3': 'three',
  '4': 'four',
  '5': 'five',
  '6': 'six',
  '7': 'seven',
  '8': 'eight',
  '9': 'nine',
  '*': 'asterisk',
  '#': 'pound',
  A: 'a',
  B: 'b',
  C: 'c',
  D: 'd',
};

/** A DTMF digit in the SDK's tone naming (`1` → `one`, `#` → `pound`). */
export const toneOf = (digit: string): string => TONES[digit.toUpperCase()] ?? digit;

type PlaySource = { kind?: string; text?: { text?: string } };

function checkSources(sources: PlaySource[] | undefined): void {
  for (const source of sources ?? [])
    if (source.kind === 'text' && !source.text?.text)
      throw new AcsRequestError(400, 'BadRequest', 'Text source needs text.');
}

/** Plays sources to the call (the emulator has no audio): PlayCompleted after `PLAY_MS`. */
export function play(
  state: AcsState,
  call: EmulatedCall,
  body: { playSources?: PlaySource[]; operationContext?: string },
): void {
  if (!body.playSources?.length) throw new AcsRequestError(400, 'BadRequest', 'playSources is required.');
  checkSources(body.playSources);
  if (call.state !== 'connected')
    throw new AcsRequestError(400, '8501', 'Action is not valid when call is not in Established state.');
  later(state, PLAY_MS, () => {
    if (call.state !== 'connected') return;
    const event = callEvent(
      call,
      'PlayCompleted',
      result(200, 0, 'Action completed successfully.'),
      body.operationContext,
    );
    void sendCallEvents(state, call, [event]);
  });
}

type RecognizeBody = {
  recognizeInputType?: string;
  playPrompt?: PlaySource;
  playPrompts?: PlaySource[];
  recognizeOptions?: { targetParticipant?: IdentifierModel; dtmfOptions?: { maxTonesToCollect?: number } };
  operationContext?: string;
};

/** Collects DTMF from a phone participant: the number's `digit` gives RecognizeCompleted, none RecognizeFailed. */
export function recognize(state: AcsState, call: EmulatedCall, body: RecognizeBody): void {
  if (body.recognizeInputType !== 'dtmf')
    throw new AcsRequestError(400, 'BadRequest', 'The emulator recognizes dtmf only.');
  const number = phoneOf(body.recognizeOptions?.targetParticipant);
  if (!number) throw new AcsRequestError(400, 'BadRequest', 'recognizeOptions.targetParticipant is required.');
  if (!call.participants.some((p) => phoneOf(p.identifier) === number))
    throw new AcsRequestError(400, '8523', 'Target participant is not in the call.');
  checkSources([...(body.playPrompt ? [body.playPrompt] : []), ...(body.playPrompts ?? [])]);
  const behaviour = behaviourOf(state, number);
  const max = body.recognizeOptions?.dtmfOptions?.maxTonesToCollect ?? 1;
  const context = body.operationContext;
  later(state, PLAY_MS + behaviour.digitAfterMs, () => {
    if (call.state !== 'connected') return;
    const event = behaviour.digit
      ? callEvent(
          call,
          'RecognizeCompleted',
          {
            recognitionType: 'dtmf',
            dtmfResult: { tones: [...behaviour.digit.slice(0, max)].map(toneOf) },
            ...result(200, 8514, 'Action completed, max digits received.'),
          },
          context,
        )
      : callEvent(
          call,
          'RecognizeFailed',
          result(400, 8510, 'Action failed, initial silence timeout reached.'),
          context,
        );
    void sendCallEvents(state, call, [event]);
  });
}

/** Transfers the call's remote party: CallTransferAccepted, then the app's leg ends. */
export function transfer(
  state: AcsState,
  call: EmulatedCall,
  body: { targetParticipant?: IdentifierModel; operationContext?: string },
): Record<string, unknown> {
  const target = body.targetParticipant;
  if (!target?.phoneNumber && !target?.communicationUser)
    throw new AcsRequestError(400, 'BadRequest', 'targetParticipant is required.');
  if (call.state !== 'connected')
    throw new AcsRequestError(400, '8501', 'Action is not valid when call is not in Established state.');
  const context = body.operationContext ?? randomUUID();
  later(state, 20, () => {
    const accepted = callEvent(
      call,
      'CallTransferAccepted',
      { transferTarget: target, ...result(200, 7015, 'The transfer operation completed successfully.') },
      context,
    );
    void sendCallEvents(state, call, [accepted]);
    disconnect(state, call);
  });
  return { operationContext: context };
}
