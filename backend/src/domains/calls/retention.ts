import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { systemScope, withTenant } from '#db/tenantTx';
import { readCompliance } from '#domains/admin/complianceSettings';
import type { TenantSettingsRow } from '#domains/admin/tenantSettings';
import { openText } from '#security/sealing';
import { providerFor, telephonyRuntime } from './runtime';
import type { CallSessionRow } from './rows';

const DAY = 86_400_000;
const BATCH = 500;

/**
 * Applies one tenant's retention to calls: recordings older than `recordingsDays` are deleted at the provider
 * (best effort: a file already gone is fine) and their sealed pointer dropped (`purged`); transcripts older than
 * `transcriptsDays` are deleted. In batches, each in its own transaction, until nothing is due.
 */
export async function purgeCallData(
  knex: Knex,
  tenantId: string,
  now: Date,
  log?: Logger,
): Promise<{ recordings: number; transcripts: number }> {
  const tenant = (await withTenant(knex, systemScope(tenantId), (trx) =>
    trx('tenants').where({ id: tenantId }).first('id', 'settings', 'createdAt'),
  )) as TenantSettingsRow;
  const { retention } = readCompliance({ ...tenant, settings: tenant.settings ?? {} });
  const recordingsBefore = new Date(now.getTime() - retention.recordingsDays * DAY);
  const transcriptsBefore = new Date(now.getTime() - retention.transcriptsDays * DAY);
  let recordings = 0;
  for (;;) {
    const done = await withTenant(knex, systemScope(tenantId), async (trx) => {
      const rows = (await trx('callSessions')
        .where({ tenantId })
        .whereNotNull('recordingSealed')
        .where('recordedAt', '<', recordingsBefore)
        .limit(BATCH)
        .forUpdate()
        .skipLocked()
        .select('id', 'provider', 'recordingSealed', 'tenantId')) as Pick<
        CallSessionRow,
        'id' | 'provider' | 'recordingSealed' | 'tenantId'
      >[];
      for (const row of rows) {
        const provider = providerFor(telephonyRuntime(), row.provider);
        if (!provider?.deleteRecording) continue;
        const url = await openText(trx, tenantId, row.recordingSealed!);
        await provider.deleteRecording(url).catch((error: unknown) => {
          log?.warn({ err: error, callId: row.id }, 'retention: the provider did not delete a recording');
        });
      }
      if (rows.length > 0)
        await trx('callSessions')
          .where({ tenantId })
          .whereIn(
            'id',
            rows.map((r) => r.id),
          )
          .update({ recordingSealed: null, recordingState: 'purged', updatedAt: now, version: trx.raw('version + 1') });
      return rows.length;
    });
    recordings += done;
    if (done < BATCH) break;
  }
  const transcripts = await withTenant(knex, systemScope(tenantId), async (trx) => {
    const gone = (await trx('callTranscripts')
      .where({ tenantId })
      .where('createdAt', '<', transcriptsBefore)
      .delete()
      .returning('id')) as { id: string }[];
    if (gone.length > 0)
      await trx('callSessions')
        .where({ tenantId })
        .whereIn(
          'transcriptId',
          gone.map((g) => g.id),
        )
        .update({ transcriptId: null, updatedAt: now, version: trx.raw('version + 1') });
    return gone.length;
  });
  return { recordings, transcripts };
}
