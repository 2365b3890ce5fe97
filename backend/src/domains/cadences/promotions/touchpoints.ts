import type { Knex } from 'knex';
import { uuidv7 } from '#db/ids';
import type { TouchpointRow } from '../rows';

/** A touchpoint as the caller writes it (with an `id` on update to keep its identity and per-lead statuses). */
export type TouchpointWrite = {
  id?: string | undefined;
  name: string;
  scheduledAt: string;
  channel: TouchpointRow['channel'];
  templateId?: string | undefined;
  notes?: string | undefined;
};

/** The containers rows of the written touchpoints, in order; new ones get ids. */
export function touchpointRows(
  tenantId: string,
  promotionId: string,
  input: readonly TouchpointWrite[],
): TouchpointRow[] {
  return input.map((t, position) => ({
    tenantId,
    promotionId,
    id: t.id ?? uuidv7(),
    position,
    name: t.name,
    scheduledAt: new Date(t.scheduledAt),
    channel: t.channel,
    templateId: t.templateId ?? null,
    notes: t.notes ?? null,
  }));
}

/** The core's view of touchpoint containers. */
export function scheduleTouchpoints(rows: readonly TouchpointRow[]): { id: string; scheduledAt: string }[] {
  return rows.map((t) => ({ id: t.id, scheduledAt: t.scheduledAt.toISOString() }));
}

/**
 * Replaces a promotion's touchpoint containers by the written ones: kept ids are updated in place (their per-lead
 * statuses stay), new ones inserted, missing ones deleted (their statuses go with them). Answers the removed ids.
 */
export async function replaceTouchpoints(
  trx: Knex.Transaction,
  tenantId: string,
  promotionId: string,
  rows: readonly TouchpointRow[],
): Promise<string[]> {
  const keep = rows.map((r) => r.id);
  const removed = (await trx('promotionTouchpoints')
    .where({ tenantId, promotionId })
    .whereNotIn('id', keep)
    .delete()
    .returning('id')) as { id: string }[];
  for (const row of rows) {
    await trx('promotionTouchpoints')
      .insert(row)
      .onConflict(['tenantId', 'promotionId', 'id'])
      .merge(['position', 'name', 'scheduledAt', 'channel', 'templateId', 'notes']);
  }
  return removed.map((r) => r.id);
}
