import { useCallback, useSyncExternalStore } from 'react';
import type { BoardFilters } from './board';

/** What the tab keeps in the URL: view, pipeline, open opportunity, forecast settings and the board filters. */
export type TabState = BoardFilters & {
  view: 'board' | 'forecast' | 'analytics';
  pipeline?: string;
  opp?: string;
  period?: 'month' | 'quarter';
  groupBy?: 'stage' | 'owner' | 'client' | 'project';
  /** The Analytics view's period. */
  range?: '30d' | '90d' | 'quarter';
};

const listeners = new Set<() => void>();
const subscribe = (l: () => void) => {
  listeners.add(l);
  window.addEventListener('popstate', l);
  return () => {
    listeners.delete(l);
    window.removeEventListener('popstate', l);
  };
};
const snapshot = () => window.location.search;

/** Parses the tab state from a query string. */
export function parseTabState(search: string): TabState {
  const p = new URLSearchParams(search);
  const s = (k: string) => p.get(k) || undefined;
  const tags = s('tags')?.split(',').filter(Boolean);
  return {
    view: p.get('view') === 'forecast' ? 'forecast' : p.get('view') === 'analytics' ? 'analytics' : 'board',
    pipeline: s('pipeline'),
    opp: s('opp'),
    ownerId: s('owner'),
    clientId: s('client'),
    projectId: s('project'),
    closeDateFrom: s('from'),
    closeDateTo: s('to'),
    q: s('q'),
    period: p.get('period') === 'quarter' ? 'quarter' : p.get('period') === 'month' ? 'month' : undefined,
    groupBy: (['stage', 'owner', 'client', 'project'] as const).find((g) => g === p.get('groupBy')),
    range: (['30d', '90d', 'quarter'] as const).find((r) => r === p.get('range')),
    ...(tags && tags.length > 0 ? { tags } : {}),
  };
}

/** Writes the tab state into a query string, keeping unrelated parameters (theme, host). */
export function formatTabState(state: TabState, base: string): string {
  const p = new URLSearchParams(base);
  const set = (k: string, v: string | undefined) => (v ? p.set(k, v) : p.delete(k));
  set('view', state.view === 'board' ? undefined : state.view);
  set('pipeline', state.pipeline);
  set('opp', state.opp);
  set('owner', state.ownerId);
  set('client', state.clientId);
  set('project', state.projectId);
  set('from', state.closeDateFrom);
  set('to', state.closeDateTo);
  set('q', state.q);
  set('tags', state.tags?.join(','));
  set('period', state.period);
  set('groupBy', state.groupBy);
  set('range', state.range);
  const text = p.toString();
  return text ? `?${text}` : '';
}

/**
 * `owner=all` in the address: every owner's deals, chosen explicitly (a rep's board opens on their own deals when
 * the address names no owner; see `defaultOwnerOf`).
 */
export const ANY_OWNER = 'all';

/**
 * The board filters of a tab state, without the undefined ones (a stable query key). `defaultOwner` applies when
 * the address names no owner (a rep's own deals); `owner=all` lifts it.
 */
export function filtersOf(state: TabState, defaultOwner?: string): BoardFilters {
  const { clientId, projectId, tags, closeDateFrom, closeDateTo, q } = state;
  const ownerId = state.ownerId === ANY_OWNER ? undefined : (state.ownerId ?? defaultOwner);
  return Object.fromEntries(
    Object.entries({ ownerId, clientId, projectId, tags, closeDateFrom, closeDateTo, q }).filter(
      ([, v]) => v !== undefined,
    ),
  ) as BoardFilters;
}

/** The tab state in the URL, and a setter that updates it (history entry replaced, so Back leaves the tab). */
export function useTabState(): [TabState, (patch: Partial<TabState>) => void] {
  const search = useSyncExternalStore(subscribe, snapshot);
  const state = parseTabState(search);
  const update = useCallback((patch: Partial<TabState>) => {
    const next = { ...parseTabState(window.location.search), ...patch };
    window.history.replaceState(null, '', `${window.location.pathname}${formatTabState(next, window.location.search)}`);
    for (const l of listeners) l();
  }, []);
  return [state, update];
}
