import { lostStage, wonStage, type Opportunity as OpportunityDto } from '@pivotal-pm/sdk';
import type { OpContext } from '#http/types';
import {
  auditChange,
  emitStageChanged,
  eventRefs,
  loadForChange,
  lockPipeline,
  saveOpportunity,
} from './opportunities';

/**
 * Closes an open or on-hold opportunity as won or lost: reason, probability 1 / 0, closedAt, and the pipeline's
 * closedWon / closedLost stage when it has one. Emits opportunity.won|lost, then opportunity.stageChanged when
 * the stage moved.
 */
export async function closeOpportunity(
  ctx: OpContext,
  input: { id: string; reason: string; expectedVersion?: number | undefined },
  outcome: 'won' | 'lost',
): Promise<OpportunityDto> {
  const row = await loadForChange(ctx, input.id, input.expectedVersion);
  const pipeline = await lockPipeline(ctx, row.pipelineId);
  const order = pipeline?.stageOrder ?? [];
  const stage = (outcome === 'won' ? wonStage(order) : lostStage(order)) ?? row.stage;
  const saved = await saveOpportunity(ctx, row, {
    status: outcome,
    reason: input.reason,
    probability: outcome === 'won' ? 1 : 0,
    closedAt: ctx.now,
    stage,
    ...(stage !== row.stage ? { stageEnteredAt: ctx.now } : {}),
  });
  const dto = await auditChange(ctx, row, saved);
  await ctx.emit(
    outcome === 'won' ? 'opportunity.won' : 'opportunity.lost',
    { ...eventRefs(dto), stage: dto.stage, amount: dto.amount, currency: dto.currency, reason: input.reason },
    { clientId: dto.clientId },
  );
  await emitStageChanged(ctx, row.stage, dto);
  return dto;
}
