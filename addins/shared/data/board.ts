import {
  isTerminalStage,
  type Opportunity,
  type OperationInput,
  type Pipeline,
  type PivotalClient,
} from '@pivotal-pm/sdk';
import { queryOptions, skipToken, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useApi } from './api';

/** The board's filters; each maps to an `opportunity.list` input field and is kept in the URL. */
export type BoardFilters = {
  ownerId?: string;
  clientId?: string;
  projectId?: string;
  tags?: string[];
  closeDateFrom?: string;
  closeDateTo?: string;
  q?: string;
};

/** The opportunities of a board, and the stages whose further pages are still loading. */
export type BoardData = { items: Opportunity[]; loadingStages: string[] };

/** The query key of a board: per pipeline and filter set. */
export const boardKey = (pipelineId: string, filters: BoardFilters) => ['board', pipelineId, filters] as const;

/**
 * The first page of a column holds what the screen shows (about seven cards) and some scroll: small, so the
 * board renders as soon as possible. The rest comes in pages of the API's maximum, in the background.
 */
export const FIRST_PAGE = 40;
export const NEXT_PAGE = 200;

/** Resolves after the next frame has been painted (at once where there are no frames, as in a test DOM). */
function afterNextPaint(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function' || typeof document === 'undefined' || document.hidden)
    return Promise.resolve();
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

function listInput(pipelineId: string, stage: string, filters: BoardFilters): OperationInput<'opportunity.list'> {
  const { tags, ...rest } = filters;
  return {
    ...rest,
    ...(tags && tags.length > 0 ? { tags } : {}),
    pipelineId,
    stage,
    // Open stages show open deals; closing stages show the deals closed there.
    ...(isTerminalStage(stage) ? {} : { status: 'open' as const }),
    limit: FIRST_PAGE,
  };
}

/**
 * The query of a board: a small first page of every stage in parallel (so the board renders at once), then the
 * further pages of each stage in the background, appended to the cache as they arrive. The app prefetches it
 * as soon as it knows the pipeline, before the tab's first render.
 */
export function boardQuery(api: PivotalClient, qc: QueryClient, pipeline: Pipeline, filters: BoardFilters) {
  return queryOptions({
    queryKey: boardKey(pipeline.id, filters),
    staleTime: 30_000,
    queryFn: async ({ signal, queryKey }): Promise<BoardData> => {
      const stages = pipeline.stageOrder;
      const inputs = stages.map((stage) => listInput(pipeline.id, stage, filters));
      const firsts = await Promise.all(inputs.map((input) => api.opportunity.list(input, { signal }).then((p) => p)));
      const more = stages.filter((_, i) => firsts[i]!.nextCursor !== null);
      // The rest starts once the first pages are on screen, so parsing it does not delay that first paint.
      void afterNextPaint()
        .then(() =>
          Promise.all(
            more.map(async (stage) => {
              const i = stages.indexOf(stage);
              let cursor = firsts[i]!.nextCursor;
              while (cursor !== null && !signal.aborted) {
                const page = await api.opportunity.list({ ...inputs[i]!, limit: NEXT_PAGE, cursor }, { signal });
                if (signal.aborted) return;
                qc.setQueryData<BoardData>(queryKey, (old) => old && { ...old, items: [...old.items, ...page.data] });
                cursor = page.nextCursor;
              }
              qc.setQueryData<BoardData>(
                queryKey,
                (old) => old && { ...old, loadingStages: old.loadingStages.filter((s) => s !== stage) },
              );
            }),
          ),
        )
        .catch(() => undefined);
      return { items: firsts.flatMap((p) => p.data), loadingStages: more };
    },
  });
}

/** The board of a pipeline (nothing while the pipeline is unknown). */
export function useBoard(pipeline: Pipeline | undefined, filters: BoardFilters) {
  const api = useApi();
  const qc = useQueryClient();
  return useQuery(
    pipeline ? boardQuery(api, qc, pipeline, filters) : { queryKey: boardKey('', filters), queryFn: skipToken },
  );
}

/** Replaces (or, when `add`, inserts) one opportunity in every cached board of its pipeline; returns the previous copy. */
export function patchBoards(qc: QueryClient, opp: Opportunity, add = false): Opportunity | undefined {
  let previous: Opportunity | undefined;
  for (const [key, data] of qc.getQueriesData<BoardData>({ queryKey: ['board', opp.pipelineId] })) {
    if (!data) continue;
    const i = data.items.findIndex((o) => o.id === opp.id);
    if (i >= 0) previous ??= data.items[i];
    if (i < 0 && !add) continue;
    const items = i >= 0 ? data.items.map((o) => (o.id === opp.id ? opp : o)) : [opp, ...data.items];
    qc.setQueryData<BoardData>(key, { ...data, items });
  }
  return previous;
}
