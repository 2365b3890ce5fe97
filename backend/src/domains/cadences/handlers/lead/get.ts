import { notFound } from '#http/errors';
import type { Handler } from '#http/types';
import { isoRequired } from '#domains/shared/present';
import { presentLead } from '#domains/cadences/presenters';
import type { LeadRow } from '#domains/cadences/rows';

type ReleaseRow = { promotionId: string; operation: string; releasedAt: Date; releasedBy: string | null };

/** Gets one lead with the explicit releases of promotion locks recorded on it. */
export const leadGet: Handler<'lead.get'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const row = (await ctx.trx('leads').where({ tenantId, id: input.id }).first()) as LeadRow | undefined;
  if (!row) throw notFound('Lead');
  const releases = (await ctx
    .trx('leadLockReleases')
    .where({ tenantId, leadId: row.id })
    .orderBy([
      { column: 'releasedAt', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])) as ReleaseRow[];
  return {
    ...presentLead(row),
    lockReleases: releases.map((r) => ({
      promotionId: r.promotionId,
      operation: r.operation,
      at: isoRequired(r.releasedAt),
      by: r.releasedBy,
    })),
  };
};
