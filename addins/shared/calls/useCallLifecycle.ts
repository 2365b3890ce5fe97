import type { PivotalClient } from '@pivotal-pm/sdk';
import { useEffect, useMemo, useRef, type Dispatch, type RefObject } from 'react';
import type { CallingClient, CallingClientOptions } from './client/types';
import { describeCallError } from './errors';
import type { SoftphoneAction, SoftphoneState } from './state';

/** How long the browser waits to be rung after `call.start` before giving the call up. */
export const RING_TIMEOUT_MS = 45_000;

type Options = {
  api: PivotalClient;
  createClient: (options: CallingClientOptions) => Promise<CallingClient>;
  state: SoftphoneState;
  stateRef: RefObject<SoftphoneState>;
  dispatch: Dispatch<SoftphoneAction>;
};

export type ClientHandle = {
  /** The client, made (not signed in) on first use. */
  get(): Promise<CallingClient>;
  /** The client signed in with a `call.token.get` token; a failed sign-in is tried again on the next call. */
  ready(): Promise<CallingClient>;
  dispose(): Promise<void>;
};

/**
 * The calling client's life in the softphone: made and signed in on the first call, its events turned into state,
 * the server's incoming leg accepted automatically while a call of ours waits for it, and `call.end` sent once
 * the rep's leg is gone.
 */
export function useCallLifecycle({ api, createClient, state, stateRef, dispatch }: Options): ClientHandle {
  const made = useRef<Promise<CallingClient> | null>(null);
  const signedIn = useRef<Promise<CallingClient> | null>(null);
  /** The token fetched to make the client, used for its first sign-in. */
  const firstToken = useRef<string | null>(null);
  const handle = useMemo<ClientHandle>(() => {
    // The token first: it says whether the backend's telephony is the local emulator, which picks the client.
    const get = () => {
      made.current ??= api.call.token.get({}).then(async (token) => {
        const client = await createClient({ emulated: token.emulated });
        firstToken.current = token.token;
        client.on('incomingCall', ({ id }) => {
          const now = stateRef.current;
          // Only the leg of a call we asked for: the server rings us after `call.start`.
          if ((now.phase !== 'starting' && now.phase !== 'waiting') || now.callId) return;
          client.accept(id).then(
            (callId) => dispatch({ type: 'accepted', callId }),
            (e: unknown) => dispatch({ type: 'error', message: describeCallError('Could not answer the call', e) }),
          );
        });
        client.on('callState', (callId, leg, reason) => dispatch({ type: 'leg', callId, state: leg, reason }));
        client.on('participantState', (callId, party) => {
          dispatch({ type: 'customer', callId, state: party });
          // The customer hung up: our leg goes too.
          if (party === 'disconnected' && callId === stateRef.current.callId)
            void client.hangUp(callId).catch(() => undefined);
        });
        client.on('recording', (callId, active) => dispatch({ type: 'recording', callId, active }));
        client.on('muted', (callId, muted) => dispatch({ type: 'muted', callId, muted }));
        return client;
      });
      made.current.catch(() => (made.current = null));
      return made.current;
    };
    const ready = () => {
      signedIn.current ??= (async () => {
        const client = await get();
        const token = firstToken.current ?? (await api.call.token.get({})).token;
        firstToken.current = null;
        await client.init({ token, refreshToken: async () => (await api.call.token.get({})).token });
        return client;
      })();
      signedIn.current.catch(() => (signedIn.current = null));
      return signedIn.current;
    };
    const dispose = async () => {
      const client = made.current;
      // Forgotten first: a later call makes and signs in a fresh client.
      made.current = null;
      signedIn.current = null;
      if (client) await (await client).dispose();
    };
    return { get, ready, dispose };
  }, [api, createClient, stateRef, dispatch]);

  // The rep's leg is gone (hang-up, the far end, a transfer): end the session once, then the disposition form.
  const endedFor = useRef<string | null>(null);
  const failed = useRef(false);
  useEffect(() => {
    if (state.phase !== 'ending') return;
    if (!state.session) return dispatch({ type: 'wrapUp' });
    if (endedFor.current === state.session.id) return;
    endedFor.current = state.session.id;
    const status = failed.current ? 'failed' : 'ended';
    failed.current = false;
    api.call
      .end({ id: state.session.id, status })
      .catch((e: unknown) => dispatch({ type: 'error', message: describeCallError('Could not end the call', e) }))
      .finally(() => dispatch({ type: 'wrapUp' }));
  }, [state.phase, state.session, api, dispatch]);

  // Never rung: give the call up rather than wait forever.
  useEffect(() => {
    if (state.phase !== 'waiting') return;
    const timer = setTimeout(() => {
      failed.current = true;
      dispatch({ type: 'error', message: 'The call did not reach this browser, so it was ended. Try again.' });
      dispatch({ type: 'ending' });
    }, RING_TIMEOUT_MS);
    return () => clearTimeout(timer);
  }, [state.phase, dispatch]);
  return handle;
}
