import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useApi } from './api';
import { patchBoards } from './board';

const NAMES = [
  'opportunity.created',
  'opportunity.updated',
  'opportunity.stageChanged',
  'opportunity.won',
  'opportunity.lost',
  'task.created',
  'task.completed',
];

/** One event of the live stream, as the tab reads it. */
type StreamEnvelope = { name: string; data: { opportunityId?: string; pipelineId?: string } };

/** Whether the live stream is connected. */
export type LiveState = 'connecting' | 'live' | 'offline';

/**
 * Follows the live event stream (SSE `GET /v1/events/stream`): a card another user moved is re-read with
 * `opportunity.get` and patched into the board; forecasts and the open detail refresh.
 */
export function useLiveUpdates(baseUrl: string, getToken: () => Promise<string | null>): LiveState {
  const api = useApi();
  const qc = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    // No EventSource (an old webview, a test DOM): the board still works, only without live moves.
    if (typeof EventSource === 'undefined') {
      setState('offline');
      return;
    }
    let source: EventSource | null = null;
    let closed = false;
    const onEvent = async (e: MessageEvent<string>) => {
      const { name, data } = JSON.parse(e.data) as StreamEnvelope;
      if (data.opportunityId) {
        if (name.startsWith('opportunity.')) {
          const opp = await api.opportunity.get({ id: data.opportunityId }).catch(() => null);
          if (opp && patchBoards(qc, opp) === undefined && name === 'opportunity.created') {
            await qc.invalidateQueries({ queryKey: ['board', opp.pipelineId] });
          }
        }
        void qc.invalidateQueries({ queryKey: ['opportunity', data.opportunityId] });
      }
      void qc.invalidateQueries({ queryKey: ['forecast'] });
    };
    // The stream opens with a one-time ticket (minted with the bearer token, never put in a URL itself). A ticket
    // serves once, so EventSource's own reconnect cannot work: on an error the tab mints a new one and resumes
    // after the last event it saw, backing off up to 30 s while the server is away.
    let lastEventId: string | null = null;
    let failures = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = async (): Promise<void> => {
      const token = await getToken();
      if (closed || !token) return;
      const minted = await fetch(`${baseUrl}/v1/events/stream/ticket`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      })
        .then(async (res) => (res.ok ? ((await res.json()) as { data: { ticket: string } }).data.ticket : null))
        .catch(() => null);
      if (closed) return;
      if (!minted) return reconnect();
      const after = lastEventId === null ? '' : `&after=${encodeURIComponent(lastEventId)}`;
      const opened = new EventSource(
        `${baseUrl}/v1/events/stream?names=${NAMES.join(',')}&ticket=${encodeURIComponent(minted)}${after}`,
      );
      source = opened;
      opened.onopen = () => {
        failures = 0;
        setState('live');
      };
      opened.onerror = () => {
        opened.close();
        reconnect();
      };
      for (const n of NAMES) {
        opened.addEventListener(n, (e) => {
          const event = e as MessageEvent<string>;
          if (event.lastEventId) lastEventId = event.lastEventId;
          void onEvent(event);
        });
      }
    };
    const reconnect = () => {
      if (closed) return;
      failures += 1;
      setState(failures > 3 ? 'offline' : 'connecting');
      retry = setTimeout(() => void connect(), Math.min(30_000, 500 * 2 ** Math.min(failures, 6)));
    };
    void connect();
    return () => {
      closed = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [api, qc, baseUrl, getToken]);
  return state;
}
