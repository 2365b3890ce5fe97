import type { EngagementMetrics } from '@pivotal-pm/sdk';
import type { OpContext } from '#http/types';
import { share, type Period } from './period';

export type EngagementFilter = {
  pipelineId?: string | undefined;
  sequenceId?: string | undefined;
  ownerId?: string | undefined;
  clientId?: string | undefined;
};

type Counts = { emailsSent: number; replies: number; calls: number; callsConnected: number; meetingsSet: number };
type Hits = { kind: 'open' | 'click'; reason: string | null; hits: number; sends: number; is_bot: boolean };

/**
 * Human engagement in the period from the daily engagement rollup (`engagement_daily`, kept by triggers on the
 * engagement log): filters by pipeline (of the deal when logged), actor and client.
 */
async function engagementCounts(ctx: OpContext, period: Period, f: EngagementFilter): Promise<Counts> {
  const { rows } = (await ctx.trx.raw(
    `SELECT coalesce(sum(count) FILTER (WHERE type = 'email_out'), 0)::int AS "emailsSent",
            coalesce(sum(count) FILTER (WHERE type = 'email_in'), 0)::int AS replies,
            coalesce(sum(count) FILTER (WHERE type IN ('call_out', 'call_in')), 0)::int AS calls,
            coalesce(sum(count) FILTER (WHERE type IN ('call_out', 'call_in') AND connected), 0)::int AS "callsConnected",
            coalesce(sum(count) FILTER (WHERE type = 'meeting'), 0)::int AS "meetingsSet"
       FROM engagement_daily
      WHERE tenant_id = :tenantId AND is_bot = false AND day >= CAST(:from AS date) AND day <= CAST(:to AS date)
        AND type IN ('email_out', 'email_in', 'call_out', 'call_in', 'meeting')
        ${f.pipelineId ? 'AND pipeline_id = :pipelineId' : ''} ${f.ownerId ? 'AND actor_id = :ownerId' : ''}
        ${f.clientId ? 'AND client_id = :clientId' : ''}`,
    {
      tenantId: ctx.principal.tenantId,
      from: period.from,
      to: period.to,
      pipelineId: f.pipelineId ?? null,
      ownerId: f.ownerId ?? null,
      clientId: f.clientId ?? null,
    },
  )) as { rows: Counts[] };
  return rows[0]!;
}

/** One sequence's figures in the period: its sends, the replies to them, the meetings it booked (no calls). */
async function sequenceCounts(ctx: OpContext, period: Period, sequenceId: string): Promise<Counts> {
  const { rows } = (await ctx.trx.raw(
    `SELECT (SELECT count(*) FROM sequence_sends WHERE tenant_id = :t AND sequence_id = :s AND status = 'sent'
               AND sent_at >= :start AND sent_at < :end)::int AS "emailsSent",
            (SELECT count(DISTINCT send_id) FROM sequence_send_events WHERE tenant_id = :t AND sequence_id = :s
               AND kind = 'reply' AND occurred_at >= :start AND occurred_at < :end)::int AS replies,
            0 AS calls, 0 AS "callsConnected",
            (SELECT count(*) FROM sequence_enrollments WHERE tenant_id = :t AND sequence_id = :s
               AND stop_reason = 'meeting_booked' AND updated_at >= :start AND updated_at < :end)::int AS "meetingsSet"`,
    { t: ctx.principal.tenantId, s: sequenceId, start: period.start, end: period.end },
  )) as { rows: Counts[] };
  return rows[0]!;
}

/**
 * Tracked opens and clicks in the period: sequence sends (narrowed by sequence, and by the enrolled deal's pipeline,
 * owner or client) and tracked manual sends (mail, visible per mailbox: the caller's own, or every mailbox's
 * counts for an internal caller, which this reads with the mailbox scope widened for this one aggregate).
 */
async function trackingHits(ctx: OpContext, period: Period, f: EngagementFilter): Promise<Hits[]> {
  const byDeal = f.pipelineId || f.ownerId || f.clientId;
  const deal = [
    f.pipelineId ? 'AND o.pipeline_id = :pipelineId' : '',
    f.ownerId ? 'AND o.owner_id = :ownerId' : '',
    f.clientId ? 'AND o.client_id = :clientId' : '',
  ].join(' ');
  const sequenceHits = `
    SELECT v.kind, v.is_bot, v.bot_reason, v.send_id
      FROM sequence_send_events v
      ${
        byDeal
          ? `JOIN sequence_enrollments s ON s.tenant_id = v.tenant_id AND s.id = v.enrollment_id
                  JOIN opportunities o ON o.tenant_id = s.tenant_id AND o.id = s.opportunity_id ${deal}`
          : ''
      }
     WHERE v.tenant_id = :tenantId AND v.kind IN ('open', 'click') AND v.occurred_at >= :start AND v.occurred_at < :end
       ${f.sequenceId ? 'AND v.sequence_id = :sequenceId' : ''}`;
  // Manual sends belong to no sequence or deal: counted only when the report is not narrowed to one.
  const manualHits = `
    SELECT m.kind, m.is_bot, m.bot_reason, m.outbox_id AS send_id
      FROM mail_tracking_events m
     WHERE m.tenant_id = :tenantId AND m.occurred_at >= :start AND m.occurred_at < :end`;
  const narrowed = byDeal || f.sequenceId;
  const internal = ctx.principal.clientIds === null;
  if (internal && !narrowed) await ctx.trx.raw(`select set_config('app.mailbox_scope', 'all', true)`);
  try {
    const { rows } = (await ctx.trx.raw(
      `SELECT kind, is_bot, bot_reason AS reason, count(*)::int AS hits, count(DISTINCT send_id)::int AS sends
         FROM (${sequenceHits} ${narrowed ? '' : `UNION ALL ${manualHits}`}) h
        GROUP BY kind, is_bot, bot_reason`,
      {
        tenantId: ctx.principal.tenantId,
        start: period.start,
        end: period.end,
        pipelineId: f.pipelineId ?? null,
        ownerId: f.ownerId ?? null,
        clientId: f.clientId ?? null,
        sequenceId: f.sequenceId ?? null,
      },
    )) as { rows: Hits[] };
    return rows;
  } finally {
    if (internal && !narrowed) await ctx.trx.raw(`select set_config('app.mailbox_scope', '', true)`);
  }
}

/** Human versus raw engagement for a period, with the reason of every machine verdict. */
export async function engagementMetrics(
  ctx: OpContext,
  period: Period,
  f: EngagementFilter,
): Promise<EngagementMetrics> {
  const counts = f.sequenceId
    ? await sequenceCounts(ctx, period, f.sequenceId)
    : await engagementCounts(ctx, period, f);
  const hits = await trackingHits(ctx, period, f);
  const sum = (kind: 'open' | 'click', pick: (h: Hits) => number, human?: boolean) =>
    hits.filter((h) => h.kind === kind && (human === undefined || h.is_bot !== human)).reduce((n, h) => n + pick(h), 0);
  const reasons = ['no_user_agent', 'bot_user_agent', 'mail_scanner', 'prefetch_window', 'unclassified'] as const;
  const botHits = reasons
    .map((reason) => {
      const of = (kind: 'open' | 'click') =>
        hits
          .filter((h) => h.is_bot && h.kind === kind && (h.reason ?? 'unclassified') === reason)
          .reduce((n, h) => n + h.hits, 0);
      return { reason, opens: of('open'), clicks: of('click') };
    })
    .filter((r) => r.opens + r.clicks > 0);
  const conversations = counts.callsConnected + counts.replies;
  return {
    period: { from: period.from, to: period.to },
    emailsSent: counts.emailsSent,
    rawOpens: sum('open', (h) => h.hits),
    rawClicks: sum('click', (h) => h.hits),
    humanOpens: sum('open', (h) => h.sends, true),
    humanClicks: sum('click', (h) => h.sends, true),
    botHits,
    replies: counts.replies,
    replyRate: share(Math.min(counts.replies, counts.emailsSent), counts.emailsSent),
    calls: counts.calls,
    callsConnected: counts.callsConnected,
    connectRate: share(counts.callsConnected, counts.calls),
    meetingsSet: counts.meetingsSet,
    meetingSetRate: share(Math.min(counts.meetingsSet, conversations), conversations),
  };
}
