import type { Handler } from '#http/types';
import { isoRequired } from '#domains/shared/present';
import { invalidReference } from '#http/errors';
import { loadCadence, type EffectiveCadence } from '#domains/cadences/cadence';
import { judge, loadCohort } from '#domains/cadences/promotions/snap';

/** Which cohort leads the touchpoints would snap (and onto which stage), and why the others would not. */
export const promotionPreview: Handler<'promotion.preview'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  let cadence: EffectiveCadence;
  try {
    cadence = await loadCadence(ctx.trx, tenantId, input.pipelineId);
  } catch {
    throw invalidReference('pipelineId', `Pipeline ${input.pipelineId} does not exist in this tenant`);
  }
  const leads = await loadCohort(ctx.trx, tenantId, input.pipelineId, input.leadIds, true);
  // Unsaved touchpoints have no id yet: their position stands in for it, and the answer says null.
  const touchpoints = input.touchpoints.map((t, i) => ({ id: String(i), scheduledAt: isoRequired(t.scheduledAt) }));
  const verdicts = judge(leads, '', touchpoints, input.snapWindowDays, cadence.timeZone);
  const found = new Set(leads.map((l) => l.id));
  return {
    snaps: verdicts.flatMap(({ lead, match }) =>
      typeof match === 'string'
        ? []
        : [
            {
              leadId: lead.id,
              touchpointId: null,
              touchpointAt: match.touchpointAt,
              replacedStageKey: match.replacedStageKey,
              stageDueAt: match.stageDueAt,
            },
          ],
    ),
    notSnapped: [
      ...verdicts.flatMap(({ lead, match }) => (typeof match === 'string' ? [{ leadId: lead.id, reason: match }] : [])),
      ...[...new Set(input.leadIds)]
        .filter((id) => !found.has(id))
        .map((leadId) => ({ leadId, reason: 'not_found' as const })),
    ],
  };
};
