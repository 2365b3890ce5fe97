import type { CallSession } from '@pivotal-pm/sdk';
import type { CallLegState, ParticipantState } from './client/types';

/** Who to call: a contact (their phone unless `toNumber`), or a bare number; with what the call is about. */
export type DialTarget = {
  contactId?: string;
  toNumber?: string;
  opportunityId?: string;
  taskId?: string;
  /** How the softphone names the other party ("Ada Lovelace"); the number otherwise. */
  label?: string;
};

/**
 * idle: nothing going on. starting: `call.start` asked. waiting: the session exists, the server rings the browser.
 * live: the browser leg is up. ending: hung up, `call.end` under way. wrapUp: the disposition form.
 */
export type Phase = 'idle' | 'starting' | 'waiting' | 'live' | 'ending' | 'wrapUp';

export type SoftphoneState = {
  phase: Phase;
  target: DialTarget | null;
  session: CallSession | null;
  /** The client's id of the rep's leg. */
  callId: string | null;
  leg: CallLegState | null;
  customer: ParticipantState | null;
  muted: boolean;
  recording: boolean;
  /** When the customer answered (ms), for the timer. */
  connectedAt: number | null;
  consultCallId: string | null;
  consultLeg: CallLegState | null;
  /** Why the call ended when it was not the rep's hang-up (transferred, the far end hung up...). */
  endNote: string | null;
  error: string | null;
};

export const initialState: SoftphoneState = {
  phase: 'idle',
  target: null,
  session: null,
  callId: null,
  leg: null,
  customer: null,
  muted: false,
  recording: false,
  connectedAt: null,
  consultCallId: null,
  consultLeg: null,
  endNote: null,
  error: null,
};

export type SoftphoneAction =
  | { type: 'starting'; target: DialTarget }
  | { type: 'started'; session: CallSession }
  | { type: 'accepted'; callId: string }
  | { type: 'leg'; callId: string; state: CallLegState; reason: string | null }
  | { type: 'customer'; callId: string; state: ParticipantState }
  | { type: 'recording'; callId: string; active: boolean }
  | { type: 'muted'; callId: string; muted: boolean }
  | { type: 'consult'; callId: string }
  | { type: 'ending'; note?: string }
  | { type: 'wrapUp' }
  | { type: 'error'; message: string }
  | { type: 'dismissError' }
  | { type: 'done' };

export function reduce(s: SoftphoneState, a: SoftphoneAction): SoftphoneState {
  switch (a.type) {
    case 'starting':
      return { ...initialState, phase: 'starting', target: a.target };
    case 'started':
      return s.phase === 'starting' || s.phase === 'live'
        ? { ...s, session: a.session, phase: s.callId ? 'live' : 'waiting' }
        : s;
    case 'accepted':
      return { ...s, callId: a.callId, phase: s.phase === 'starting' || s.phase === 'waiting' ? 'live' : s.phase };
    case 'leg':
      if (a.callId === s.consultCallId) {
        return a.state === 'disconnected'
          ? { ...s, consultCallId: null, consultLeg: null }
          : { ...s, consultLeg: a.state };
      }
      if (a.callId !== s.callId) return s;
      if (a.state === 'disconnected') {
        const phase = s.phase === 'live' ? 'ending' : s.phase;
        const endNote = s.endNote ?? (a.reason === 'transferred' ? 'Transferred' : null);
        // A call that is over is recorded no more.
        return { ...s, leg: a.state, phase, endNote, recording: false };
      }
      return { ...s, leg: a.state };
    case 'customer':
      if (a.callId !== s.callId) return s;
      return {
        ...s,
        customer: a.state,
        connectedAt: a.state === 'connected' ? (s.connectedAt ?? Date.now()) : s.connectedAt,
      };
    case 'recording':
      return a.callId === s.callId ? { ...s, recording: a.active } : s;
    case 'muted':
      return a.callId === s.callId ? { ...s, muted: a.muted } : s;
    case 'consult':
      return { ...s, consultCallId: a.callId, consultLeg: 'connecting' };
    case 'ending':
      return s.phase === 'idle' || s.phase === 'wrapUp' ? s : { ...s, phase: 'ending', endNote: a.note ?? s.endNote };
    case 'wrapUp':
      return { ...s, phase: s.session ? 'wrapUp' : 'idle', consultCallId: null, consultLeg: null };
    case 'error':
      return { ...s, error: a.message, phase: s.phase === 'starting' ? 'idle' : s.phase };
    case 'dismissError':
      return { ...s, error: null };
    case 'done':
      return { ...initialState, error: s.error };
  }
}
