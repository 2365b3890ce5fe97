import type { NextAction } from '@pivotal-pm/sdk';
import { notFound } from '#http/errors';
import type { Handler } from '#http/types';
import { canSeeClient } from '#domains/shared/records';
import type { EnrollmentRow } from '#domains/sequences/rows';
import { defOf, loadBatchContext } from '#domains/sequences/runner/context';
import { lockCounters } from '#domains/sequences/runner/counters';
import { decide } from '#domains/sequences/runner/decide';
import { capsFor } from '#domains/sequences/runner/decideEmail';
import { actionOf, currentStep } from '#domains/sequences/runner/steps';

/**
 * What the runner will do next for an enrollment and when: the runner's own decision, made read-only at the
 * step's due time (or now, when overdue), with the guardrails that would hold it back and until when.
 */
export const sequenceRunNextAction: Handler<'sequence.run.nextAction'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const row = (await ctx.trx('sequenceEnrollments').where({ tenantId, id: input.enrollmentId }).first()) as
    EnrollmentRow | undefined;
  if (!row) throw notFound('Enrollment');
  const seq = (await ctx.trx('sequences').where({ tenantId, id: row.sequenceId }).first('clientId')) as {
    clientId: string | null;
  };
  if (!canSeeClient(ctx, seq.clientId)) throw notFound('Enrollment');
  const none: NextAction = {
    enrollmentId: row.id,
    stepIndex: null,
    step: null,
    action: 'none',
    scheduledAt: null,
    blockedBy: [],
  };
  if (row.status === 'completed' || row.status === 'failed') return none;
  const at = row.nextRunAt && row.nextRunAt > ctx.now ? row.nextRunAt : ctx.now;
  // The runner sees every mailbox; so must its preview, for the owner's mailbox id only (caps are per mailbox).
  const {
    rows: [prev],
  } = (await ctx.trx.raw(
    `SELECT current_setting('app.mailbox_scope', true) AS v, set_config('app.mailbox_scope', 'all', true)`,
  )) as { rows: { v: string | null }[] };
  const bctx = await loadBatchContext(ctx.trx, tenantId, [row], at);
  await ctx.trx.raw(`SELECT set_config('app.mailbox_scope', ?, true)`, [prev?.v ?? '']);
  const cur = currentStep(row, defOf(bctx, row).steps);
  if (!cur) return { ...none, action: 'stop', scheduledAt: at.toISOString() };
  const stepIndex = Number.parseInt(cur.key.slice(1), 10);
  const base = { enrollmentId: row.id, stepIndex, step: cur.step };
  if (row.status === 'paused') {
    return {
      ...base,
      action: actionOf(cur.step, false),
      scheduledAt: row.pausedUntil?.toISOString() ?? null,
      blockedBy:
        row.stopReason === 'out_of_office'
          ? [{ guardrail: 'out_of_office', until: row.pausedUntil?.toISOString() ?? null }]
          : [],
    };
  }
  if (row.stepState?.phase === 'awaiting_approval')
    return {
      ...base,
      action: 'await_approval',
      scheduledAt: null,
      blockedBy: [{ guardrail: 'approval', until: null }],
    };
  if (row.stepState?.phase === 'waiting')
    return { ...base, action: 'branch', scheduledAt: at.toISOString(), blockedBy: [] };
  const mailboxId = bctx.mailboxes.get(row.ownerId);
  const usage =
    cur.step.type === 'email' && mailboxId
      ? await lockCounters(ctx.trx, tenantId, at, capsFor(bctx, defOf(bctx, row), mailboxId), false)
      : new Map<string, number>();
  const outcome = decide(bctx, row, usage, null, '');
  if (outcome.kind === 'deferred' && outcome.blockedBy) {
    const until = outcome.next.nextRunAt?.toISOString() ?? null;
    return {
      ...base,
      action: 'send_email',
      scheduledAt: until,
      blockedBy: outcome.blockedBy.map((guardrail) => ({ guardrail, until })),
    };
  }
  if (outcome.completed === 'opted_out')
    return {
      ...base,
      action: 'stop',
      scheduledAt: at.toISOString(),
      blockedBy: [{ guardrail: 'suppressed', until: null }],
    };
  return {
    ...base,
    action:
      outcome.kind === 'awaiting' ? 'await_approval' : actionOf(cur.step, bctx.approvals.has(`${row.id}:${cur.key}`)),
    scheduledAt: at.toISOString(),
    blockedBy: [],
  };
};
