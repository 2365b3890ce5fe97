import { notFound } from '#http/errors';
import type { Handler } from '#http/types';
import { canSeeClient } from '#domains/shared/records';
import type { SequenceRow } from '#domains/sequences/rows';

const n = (v: unknown) => Number(v ?? 0);

/**
 * A sequence's enrollment counts and per-step figures (steps of every definition version, by top-level index):
 * steps run, emails sent, tasks made, and sends opened, clicked (by a person: bot hits are stored but never
 * counted here), replied to and bounced. `from`/`to` (UTC dates) bound enrollment creation and step activity.
 */
export const sequenceMetricsGet: Handler<'sequence.metrics.get'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const seq = (await ctx.trx('sequences').where({ tenantId, id: input.sequenceId }).first()) as SequenceRow | undefined;
  if (!seq || !canSeeClient(ctx, seq.clientId)) throw notFound('Sequence');
  const from = input.from ? new Date(`${input.from}T00:00:00Z`) : new Date(0);
  const to = input.to ? new Date(Date.parse(`${input.to}T00:00:00Z`) + 86_400_000) : new Date(8.64e15);
  const args = { t: tenantId, s: seq.id, from, to };
  const [enrollments, runs, sends, hits] = [
    await ctx.trx.raw(
      `SELECT count(*) AS enrolled, count(*) FILTER (WHERE status = 'active') AS active, count(*) FILTER (WHERE status = 'paused') AS paused,
              count(*) FILTER (WHERE status = 'completed') AS completed, count(*) FILTER (WHERE status = 'failed') AS failed,
              count(*) FILTER (WHERE stop_reason = 'replied') AS replied, count(*) FILTER (WHERE stop_reason = 'bounced') AS bounced,
              count(*) FILTER (WHERE stop_reason IN ('unsubscribed', 'opted_out')) AS opted_out,
              count(*) FILTER (WHERE stop_reason = 'unsubscribed') AS unsubscribed, count(*) FILTER (WHERE stop_reason = 'meeting_booked') AS meetings
         FROM sequence_enrollments WHERE tenant_id = :t AND sequence_id = :s AND created_at >= :from AND created_at < :to`,
      args,
    ),
    await ctx.trx.raw(
      `SELECT step_index, count(*) FILTER (WHERE action NOT IN ('await_approval')) AS executed, count(*) FILTER (WHERE action = 'create_task') AS tasks
         FROM sequence_step_runs WHERE tenant_id = :t AND sequence_id = :s AND ran_at >= :from AND ran_at < :to GROUP BY step_index`,
      args,
    ),
    await ctx.trx.raw(
      `SELECT step_index, count(*) AS sent, count(DISTINCT enrollment_id) AS reached FROM sequence_sends
        WHERE tenant_id = :t AND sequence_id = :s AND status = 'sent' AND sent_at >= :from AND sent_at < :to GROUP BY step_index`,
      args,
    ),
    await ctx.trx.raw(
      `SELECT step_index, count(DISTINCT send_id) FILTER (WHERE kind = 'open' AND NOT is_bot) AS opens,
              count(DISTINCT send_id) FILTER (WHERE kind = 'click' AND NOT is_bot) AS clicks,
              count(DISTINCT send_id) FILTER (WHERE kind = 'reply') AS replies, count(DISTINCT send_id) FILTER (WHERE kind = 'bounce') AS bounces
         FROM sequence_send_events WHERE tenant_id = :t AND sequence_id = :s AND occurred_at >= :from AND occurred_at < :to GROUP BY step_index`,
      args,
    ),
  ] as { rows: Record<string, unknown>[] }[];
  const e = enrollments!.rows[0]!;
  const byIndex = (rows: Record<string, unknown>[]) => new Map(rows.map((r) => [n(r.step_index), r]));
  const [r, s, h] = [byIndex(runs!.rows), byIndex(sends!.rows), byIndex(hits!.rows)];
  const indexes = [...new Set([...seq.steps.keys(), ...r.keys(), ...s.keys(), ...h.keys()])].sort((a, b) => a - b);
  const emailed = (await ctx
    .trx('sequenceSends')
    .where({ tenantId, sequenceId: seq.id, status: 'sent' })
    .whereBetween('sentAt', [from, to])
    .countDistinct('enrollmentId as c')) as { c: string }[];
  const reached = n(emailed[0]?.c);
  const enrolled = n(e.enrolled);
  return {
    sequenceId: seq.id,
    enrollments: {
      enrolled,
      active: n(e.active),
      paused: n(e.paused),
      completed: n(e.completed),
      failed: n(e.failed),
      replied: n(e.replied),
      bounced: n(e.bounced),
      optedOut: n(e.opted_out),
    },
    steps: indexes.map((i) => ({
      stepIndex: i,
      type: seq.steps[i]?.type ?? 'unknown',
      executed: n(r.get(i)?.executed),
      sent: n(s.get(i)?.sent),
      humanOpens: n(h.get(i)?.opens),
      humanClicks: n(h.get(i)?.clicks),
      replies: n(h.get(i)?.replies),
      bounces: n(h.get(i)?.bounces),
      tasksCreated: n(r.get(i)?.tasks),
    })),
    replyRate: reached > 0 ? Math.min(1, n(e.replied) / reached) : null,
    meetingRate: enrolled > 0 ? n(e.meetings) / enrolled : null,
    unsubscribes: n(e.unsubscribed),
  };
};
