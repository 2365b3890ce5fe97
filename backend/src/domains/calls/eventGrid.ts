import type { Knex } from 'knex';
import type { CallSignal } from '#integrations/telephony/port';

/**
 * Recording-file events come through one Event Grid subscription for the whole ACS resource: each names its call
 * by the server call id, which `call_route()` (a SECURITY DEFINER lookup) turns into the tenant and our call id.
 * Events of calls we do not know are dropped.
 */
export async function recordingFileSignals(
  knex: Knex,
  signals: readonly CallSignal[],
): Promise<{ tenantId: string; signals: CallSignal[] }[]> {
  const byTenant = new Map<string, CallSignal[]>();
  for (const s of signals) {
    if (s.kind !== 'recording_ready' || !s.serverCallId) continue;
    const route = (await knex.raw('select * from call_route(?)', [s.serverCallId])).rows[0] as
      { tenant_id: string; call_id: string } | undefined;
    if (!route) continue;
    const list = byTenant.get(route.tenant_id) ?? [];
    list.push({ ...s, callId: route.call_id });
    byTenant.set(route.tenant_id, list);
  }
  return [...byTenant].map(([tenantId, list]) => ({ tenantId, signals: list }));
}
