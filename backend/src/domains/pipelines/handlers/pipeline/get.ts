import { notFound } from '#http/errors';
import type { Handler, OpContext } from '#http/types';
import { presentPipeline } from '#domains/pipelines/presenters';
import type { PipelineRow } from '#domains/pipelines/rows';

/** Loads one pipeline visible to the caller (RLS hides other tenants and, from client roles, other clients). */
export async function findPipeline(ctx: OpContext, id: string): Promise<PipelineRow> {
  const row = (await ctx.trx('pipelines').where({ tenantId: ctx.principal.tenantId, id }).first()) as
    PipelineRow | undefined;
  if (!row) throw notFound('Pipeline');
  return row;
}

/** Gets one pipeline with its stage order and SLA policy. */
export const pipelineGet: Handler<'pipeline.get'> = async (input, ctx) =>
  presentPipeline(await findPipeline(ctx, input.id));
