import type { Handler } from '#http/types';
import { auditChange, eventRefs, loadForChange, lockPipeline, saveOpportunity } from '#domains/pipelines/opportunities';
import { presentOpportunity } from '#domains/pipelines/presenters';
import { assertOpportunityRefs } from '#domains/pipelines/references';
import type { OpportunityRow } from '#domains/pipelines/rows';
import { changedFields, normalizeAmount } from '#domains/pipelines/values';

const FIELDS = [
  'name',
  'accountId',
  'primaryContactId',
  'ownerId',
  'projectId',
  'amount',
  'currency',
  'probability',
  'closeDate',
  'source',
  'tags',
  'customFields',
  'status',
] as const;

/** Changes an open (or on-hold) opportunity's fields; stage moves and closing have their own operations. */
export const opportunityUpdate: Handler<'opportunity.update'> = async (input, ctx) => {
  const row = await loadForChange(ctx, input.id, input.expectedVersion);
  const next: Partial<OpportunityRow> = {
    name: input.name,
    accountId: input.accountId,
    primaryContactId: input.primaryContactId,
    ownerId: input.ownerId,
    projectId: input.projectId,
    amount: input.amount === undefined ? undefined : normalizeAmount(input.amount),
    currency: input.currency,
    probability: input.probability,
    closeDate: input.closeDate,
    source: input.source,
    tags: input.tags ? [...new Set(input.tags)] : undefined,
    customFields: input.customFields,
    status: input.status,
  };
  const changed = changedFields(row, next, FIELDS);
  if (changed.length === 0) return presentOpportunity(row);
  const pick = <K extends (typeof FIELDS)[number]>(f: K) => (changed.includes(f) ? next[f] : undefined);
  const pipeline = await lockPipeline(ctx, row.pipelineId);
  await assertOpportunityRefs(ctx, {
    clientId: row.clientId,
    pipelineProjectIds: pipeline?.projectIds ?? [],
    accountId: pick('accountId'),
    primaryContactId: pick('primaryContactId'),
    projectId: pick('projectId'),
    ownerId: pick('ownerId'),
  });
  const patch = Object.fromEntries(changed.map((f) => [f, f === 'customFields' ? JSON.stringify(next[f]) : next[f]]));
  const saved = await saveOpportunity(ctx, row, patch);
  const dto = await auditChange(ctx, row, saved);
  await ctx.emit(
    'opportunity.updated',
    { ...eventRefs(dto), version: dto.version, changed },
    { clientId: dto.clientId },
  );
  return dto;
};
