import { type PivotalClient, type Me } from '@pivotal-pm/sdk';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';

/** The SDK client every component reads data through. */
const ApiContext = createContext<PivotalClient | null>(null);

/** Provides the SDK client to the component tree. */
export function ApiProvider({ client, children }: { client: PivotalClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

/** The SDK client of the surrounding `ApiProvider`. */
export function useApi(): PivotalClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi outside ApiProvider');
  return client;
}

/** The query of the signed-in caller (also prefetched by the app before its first render). */
export const meQuery = (api: PivotalClient) =>
  queryOptions({ queryKey: ['me'], queryFn: () => api.me.get(), staleTime: 5 * 60_000 });

/** The query of the pipelines the caller can see (also prefetched by the app before its first render). */
export const pipelinesQuery = (api: PivotalClient) =>
  queryOptions({
    queryKey: ['pipelines'],
    queryFn: () => api.pipeline.list({ limit: 200 }).toArray(),
    staleTime: 60_000,
  });

/** The signed-in caller (roles, client scope, effective permissions). */
export function useMe() {
  return useQuery(meQuery(useApi()));
}

/** True when the caller's effective permissions include `permission`. */
export function can(me: Me | undefined, permission: Me['permissions'][number]): boolean {
  return me?.permissions.includes(permission) ?? false;
}

/** Pipelines the caller can see (client viewers: only their clients'). */
export function usePipelines() {
  return useQuery(pipelinesQuery(useApi()));
}

/** The default health bands (docs/analytics.md) until the tenant's arrive. */
export const DEFAULT_HEALTH_BANDS = { atRisk: 40, healthy: 70 } as const;

/** The tenant's health bands (`score.config.get`), for readers of analytics; the defaults meanwhile or without. */
export function useHealthBands(enabled: boolean): { atRisk: number; healthy: number } {
  const api = useApi();
  const config = useQuery({
    queryKey: ['scoreConfig'],
    queryFn: () => api.score.config.get({}),
    enabled,
    staleTime: 10 * 60_000,
  });
  return config.data?.thresholds ?? DEFAULT_HEALTH_BANDS;
}

/** id -> display name lookups for users, clients, projects and accounts (fetched once, best effort). */
export function useNames(kind: 'user' | 'client' | 'project' | 'account', enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: ['names', kind],
    enabled,
    staleTime: 5 * 60_000,
    queryFn: async (): Promise<Map<string, string>> => {
      const rows: { id: string; name: string }[] =
        kind === 'user'
          ? (await api.user.list({ limit: 200 }).toArray()).map((u) => ({ id: u.id, name: u.displayName }))
          : kind === 'client'
            ? await api.client.list({ limit: 200 }).toArray()
            : kind === 'project'
              ? await api.project.list({ limit: 200 }).toArray()
              : await api.account.list({ limit: 200 }).toArray();
      return new Map(rows.map((r) => [r.id, r.name]));
    },
  });
}
