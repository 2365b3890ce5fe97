import { ApiError, notFound } from '#http/errors';
import type { Handler } from '#http/types';
import { openText } from '#security/sealing';
import { summariser } from '#domains/calls/summariser';

/**
 * A call's summary and action items, made from its transcript by the configured summariser (the embedded
 * extractive one by default: the same transcript always gives the same answer). Each action item is a task the rep
 * can accept in one click (`task.create` with its text, type and due time).
 */
export const callSummaryGet: Handler<'call.summary.get'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const call = (await ctx
    .trx('callSessions')
    .where({ tenantId, id: input.callId })
    .first('id', 'userId', 'transcriptId', 'endedAt', 'startedAt')) as
    { id: string; userId: string; transcriptId: string | null; endedAt: Date | null; startedAt: Date } | undefined;
  if (!call) throw notFound('Call');
  if (!call.transcriptId) throw new ApiError('invalid_state', 'The call has no transcript yet');
  const transcript = (await ctx
    .trx('callTranscripts')
    .where({ tenantId, id: call.transcriptId })
    .first('textSealed', 'language', 'createdAt')) as
    { textSealed: Buffer; language: string | null; createdAt: Date } | undefined;
  if (!transcript) throw new ApiError('invalid_state', 'The transcript was deleted (retention)');
  const zone = ((await ctx.trx('tenants').where({ id: tenantId }).first('timeZone')) as { timeZone: string }).timeZone;
  const text = await openText(ctx.trx, tenantId, transcript.textSealed);
  const result = await summariser()
    .summarise({ text, language: transcript.language, reference: call.endedAt ?? call.startedAt, timeZone: zone })
    .catch((error: unknown) => {
      ctx.log.warn({ err: error }, 'call.summary.get: the summariser failed');
      throw new ApiError('upstream_failed', 'The summariser failed');
    });
  return {
    callId: call.id,
    transcriptId: call.transcriptId,
    summary: result.summary,
    actionItems: result.actions.map((a) => ({
      text: a.text,
      suggestedTaskType: a.taskType,
      ownerId: call.userId,
      dueAt: a.dueAt?.toISOString() ?? null,
    })),
    generatedAt: transcript.createdAt.toISOString(),
    provenance: result.provenance,
  };
};
