import { leave, requireLive } from './calls';
import type { AcsState, EmulatedCall, NumberBehaviour, SentCallback } from './types';

/** A failure on demand: the next `count` signed requests whose path contains `path` answer `status`. */
export type FaultSpec = { path: string; method?: string; count?: number; status: number; retryAfterSeconds?: number };

/** A call as the control shows it. */
export type CallView = Pick<
  EmulatedCall,
  'callConnectionId' | 'serverCallId' | 'correlationId' | 'callbackUri' | 'operationContext' | 'state'
> & {
  participants: string[];
};

/** The test and demo handle on the ACS emulator (also served as JSON under `/_emulator/`). */
export type AcsControl = {
  /** How a phone number (E.164) behaves when dialled; merged over the defaults. */
  setNumber(phoneNumber: string, behaviour: Partial<NumberBehaviour>): void;
  /** The rep's browser hangs up (leaves the call). */
  repHangUp(callConnectionId: string): void;
  /** Queues failures for requests to a path (substring match, e.g. `participants:add`). */
  fail(fault: FaultSpec): void;
  /** Where the Event Grid recording-file events go (`null`: nowhere). */
  setEventGridUrl(url: string | null): void;
  /** How long the rep's browser takes to answer a placed call. */
  setRepAnswerMs(ms: number): void;
  callbacks(): SentCallback[];
  calls(): CallView[];
  identities(): { id: string; tokensRevokedAt: string | null }[];
  /** Resolves once every event scheduled so far (timers and posts) has been delivered. */
  settle(): Promise<void>;
  reset(): void;
};

export function createAcsControl(state: AcsState): AcsControl {
  return {
    setNumber(phoneNumber, behaviour) {
      state.numbers.set(phoneNumber, { ...state.numbers.get(phoneNumber), ...behaviour });
    },
    repHangUp(callConnectionId) {
      const call = requireLive(state, callConnectionId);
      const rep = call.participants.find((p) => p.identifier.communicationUser) ?? call.targets[0];
      if (rep) leave(state, call, 'identifier' in rep ? rep.identifier : rep);
    },
    fail(fault) {
      state.faults.push({
        path: fault.path,
        method: fault.method?.toUpperCase() ?? null,
        remaining: fault.count ?? 1,
        status: fault.status,
        retryAfterSeconds: fault.retryAfterSeconds ?? 1,
      });
    },
    setEventGridUrl(url) {
      state.eventGridUrl = url;
    },
    setRepAnswerMs(ms) {
      state.repAnswerMs = ms;
    },
    callbacks: () => structuredClone(state.callbacks),
    calls: () =>
      [...state.calls.values()].map((c) => ({
        callConnectionId: c.callConnectionId,
        serverCallId: c.serverCallId,
        correlationId: c.correlationId,
        callbackUri: c.callbackUri,
        operationContext: c.operationContext,
        state: c.state,
        participants: c.participants.map((p) => p.identifier.rawId ?? ''),
      })),
    identities: () =>
      [...state.identities.values()].map((i) => ({
        id: i.id,
        tokensRevokedAt: i.tokensRevokedAt?.toISOString() ?? null,
      })),
    async settle() {
      while (state.timers.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
      await Promise.all([...state.calls.values()].map((c) => c.delivery));
    },
    reset() {
      for (const timer of state.timers) clearTimeout(timer);
      state.timers.clear();
      for (const map of [state.identities, state.calls, state.recordings, state.files, state.numbers]) map.clear();
      state.faults.length = 0;
      state.callbacks.length = 0;
    },
  };
}
