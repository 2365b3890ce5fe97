import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useApi } from './api';
import { patchBoards } from './board';

const NAMES = ['opportunity.created', 'opportunity.updated', 'opportunity.stageChanged', 'opportunity.won', 'opportunity.lost', 'task.created', 'task.completed'];

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
    void getToken().then((token) => {
      if (closed || !token) return;
      const url = `${baseUrl}/v1/events/stream?names=${NAMES.join(',')}&access_token=${encodeURIComponent(token)}`;
      source = new EventSource(url);
      source.onopen = () => setState('live');
      source.onerror = () => setState(source?.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
      for (const n of NAMES) source.addEventListener(n, (e) => void onEvent(e as MessageEvent<string>));
    });
    return () => {
      closed = true;
      source?.close();
    };
  }, [api, qc, baseUrl, getToken]);
  return state;
}
