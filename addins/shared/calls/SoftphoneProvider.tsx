import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { can, useApi, useMe } from '../data/api';
import type { CallingClient, CallingClientOptions, DtmfKey, TransferTarget } from './client/types';
import { loadCallingClient } from './client/load';
import { describeCallError } from './errors';
import { initialState, reduce, type DialTarget, type SoftphoneState } from './state';
import { useCallLifecycle } from './useCallLifecycle';

export type Softphone = {
  state: SoftphoneState;
  /** Ask `call.start` to record (the server may refuse with `consent_required`). */
  record: boolean;
  setRecord(record: boolean): void;
  /** Starts a call; `onDone` runs once its disposition is recorded (the power dialer moves on then). */
  dial(target: DialTarget, onDone?: () => void): void;
  hangUp(): void;
  toggleMute(): void;
  toggleHold(): void;
  sendDigit(key: DtmfKey): void;
  transfer(target: TransferTarget): void;
  startConsult(target: TransferTarget): void;
  completeConsult(): void;
  cancelConsult(): void;
  /** The disposition is recorded: back to idle. */
  finish(): void;
  dismissError(): void;
};

const SoftphoneContext = createContext<Softphone | null>(null);

/** True when the caller may use the softphone: the tenant has `webrtc_calls` and they hold `call.make`. */
export function useCallingEnabled(): boolean {
  const me = useMe();
  return (me.data?.flags.includes('webrtc_calls') ?? false) && can(me.data, 'call.make');
}

type Props = {
  children: ReactNode;
  /** Makes the calling client on the first call; the ACS SDK (a lazily loaded chunk) unless a test gives a fake. */
  createClient?: (options: CallingClientOptions) => Promise<CallingClient>;
};

/**
 * Holds the softphone: the calling client (made on the first call), the call under way and its controls.
 * Gives no softphone (`useSoftphone()` is null) to a caller without the flag or the permission.
 */
export function SoftphoneProvider({ children, createClient = loadCallingClient }: Props) {
  const enabled = useCallingEnabled();
  const api = useApi();
  const [state, dispatch] = useReducer(reduce, initialState);
  const [record, setRecord] = useState(false);
  const stateRef = useRef(state);
  stateRef.current = state;
  const onDone = useRef<(() => void) | undefined>(undefined);
  const client = useCallLifecycle({ api, createClient, state, stateRef, dispatch });

  const step = useCallback(
    (label: string, run: (c: CallingClient) => Promise<unknown>) => {
      void client
        .get()
        .then(run)
        .catch((e: unknown) => dispatch({ type: 'error', message: describeCallError(label, e) }));
    },
    [client],
  );
  const callId = () => stateRef.current.callId ?? '';

  const dial = useCallback(
    (target: DialTarget, done?: () => void) => {
      if (stateRef.current.phase !== 'idle') return;
      onDone.current = done;
      dispatch({ type: 'starting', target });
      void (async () => {
        try {
          await client.ready();
        } catch (e) {
          dispatch({ type: 'error', message: describeCallError('Could not start calling', e) });
          return;
        }
        try {
          const { label: _label, ...input } = target;
          const session = await api.call.start({ ...input, provider: 'webrtc', record });
          dispatch({ type: 'started', session });
          (await client.get()).expectCall?.(session);
        } catch (e) {
          dispatch({ type: 'error', message: describeCallError('Could not place the call', e) });
        }
      })();
    },
    [api, client, record],
  );

  const value = useMemo<Softphone>(
    () => ({
      state,
      record,
      setRecord,
      dial,
      hangUp: () => {
        const id = stateRef.current.callId;
        if (id) step('Could not hang up', (c) => c.hangUp(id));
        dispatch({ type: 'ending' });
      },
      toggleMute: () => step('Could not mute', (c) => c.setMuted(callId(), !stateRef.current.muted)),
      toggleHold: () => step('Could not hold', (c) => c.setHeld(callId(), stateRef.current.leg !== 'onHold')),
      sendDigit: (key) => step('Could not send the digit', (c) => c.sendDtmf(callId(), key)),
      transfer: (target) => step('Could not transfer', (c) => c.transfer(callId(), target)),
      startConsult: (target) =>
        step('Could not call for the consult', async (c) => {
          const consult = await c.startConsult(callId(), target);
          dispatch({ type: 'consult', callId: consult });
        }),
      completeConsult: () => {
        const consult = stateRef.current.consultCallId;
        if (consult) step('Could not transfer', (c) => c.completeConsultTransfer(callId(), consult));
      },
      cancelConsult: () => {
        const consult = stateRef.current.consultCallId;
        if (!consult) return;
        step('Could not end the consult', async (c) => {
          await c.hangUp(consult);
          await c.setHeld(callId(), false);
        });
      },
      finish: () => {
        dispatch({ type: 'done' });
        const done = onDone.current;
        onDone.current = undefined;
        done?.();
      },
      dismissError: () => dispatch({ type: 'dismissError' }),
    }),
    [state, record, dial, step],
  );
  useEffect(() => () => void client.dispose(), [client]);
  return <SoftphoneContext.Provider value={enabled ? value : null}>{children}</SoftphoneContext.Provider>;
}

/** The softphone of the surrounding provider; null without one or for a caller who may not call. */
export function useSoftphone(): Softphone | null {
  return useContext(SoftphoneContext);
}
