import type { EmailStep } from '@pivotal-pm/sdk';
import { renderMergeTags } from '#domains/mail/render';
import { addTracking } from '#domains/mail/trackingLink';
import { nextAllowedTime, type Cap } from '../policy/engine';
import type { DefinitionRow, EnrollmentRow } from '../rows';
import { signUnsubscribe, unsubscribeHeaders } from '../unsubscribeLink';
import { MAILBOX_PER_DAY, MAILBOX_PER_MINUTE, templateFor, type BatchContext } from './context';
import { conditionHolds, keyed, type Helpers, type Outcome } from './outcome';
import { durationMs, stepSendKey, type CurrentStep } from './steps';

const HOUR = 3_600_000;
/** How long an email with branches waits for opens, clicks and replies when it names no `wait`. */
const DEFAULT_BRANCH_WAIT = 48 * HOUR;

/** The caps an email from `mailboxId` counts against (the cap keys name their period). */
export function capsFor(ctx: Pick<BatchContext, 'tenantDailyCap'>, def: DefinitionRow, mailboxId: string): Cap[] {
  return [
    { key: `seq:${def.sequenceId}:day`, limit: def.guardrails.dailyCap, period: 'day', guardrail: 'daily_cap' },
    ...(ctx.tenantDailyCap
      ? [{ key: 'tenant:day', limit: ctx.tenantDailyCap, period: 'day', guardrail: 'daily_cap' } as Cap]
      : []),
    { key: `mbx:${mailboxId}:day`, limit: MAILBOX_PER_DAY, period: 'day', guardrail: 'mailbox_daily_limit' },
    { key: `mbx:${mailboxId}:minute`, limit: MAILBOX_PER_MINUTE, period: 'minute', guardrail: 'mailbox_pacing' },
  ];
}

/** Start of the UTC minute or day holding `t`. */
export function bucketStart(t: number, period: 'day' | 'minute'): number {
  const size = period === 'day' ? 86_400_000 : 60_000;
  return Math.floor(t / size) * size;
}

/** Decides an email step: send it (under the guardrails), wait for its branches, or follow the branch that holds. */
export function decideEmail(
  ctx: BatchContext,
  row: EnrollmentRow,
  def: DefinitionRow,
  cur: CurrentStep,
  index: number,
  step: EmailStep,
  usage: Map<string, number>,
  secret: Buffer | null,
  publicUrl: string,
  h: Helpers,
): Outcome {
  const now = ctx.now.getTime();
  // Sent already: read the branches once the wait is over.
  if (row.stepState?.phase === 'waiting') {
    const since = Date.parse(row.stepState.actedAt ?? row.createdAt.toISOString());
    const rules = step.branch ?? [];
    const j = rules.findIndex((rule) => conditionHolds(ctx, row, rule.when, since));
    return h.next(now, undefined, j >= 0 ? keyed(rules[j]!.do, `${cur.key}.b${j}.`) : []);
  }
  if (row.stepState?.phase === 'awaiting_approval')
    return { row, kind: 'awaiting', next: { ...h.base, nextRunAt: null } };
  const contact = row.contactId ? ctx.contacts.get(row.contactId) : undefined;
  const fallback = () =>
    step.fallback ? h.next(now, undefined, [{ key: `${cur.key}.f`, step: step.fallback }]) : h.next(now, undefined);
  if (!contact?.email) return fallback();
  if (ctx.suppressed.has(contact.email.toLowerCase()) || (def.guardrails.respectOptOut && contact.optedOut))
    return h.complete('opted_out');
  const template = templateFor(ctx, row, step.templateId);
  if (!template) return h.fail('unknown_template', `no active template ${step.templateId}`);
  const approvalKey = `${row.id}:${cur.key}`;
  const approved = ctx.approvals.has(approvalKey);
  const values = {
    'contact.firstName': contact.firstName,
    'contact.lastName': contact.lastName,
    'contact.email': contact.email,
    'contact.fullName': [contact.firstName, contact.lastName].filter(Boolean).join(' ') || null,
  };
  const edited = ctx.approvals.get(approvalKey) ?? null;
  const subject = edited?.subject ?? renderMergeTags(template.subject, values, 'text');
  const html = edited?.html ?? renderMergeTags(template.body, values, 'html');
  if (step.mode === 'manual' && !approved) {
    return {
      row,
      kind: 'awaiting',
      ran: { ...h.ranStep('await_approval'), key: `${cur.key}#approval` },
      approval: { stepKey: cur.key, index, to: contact.email, subject, html },
      next: {
        ...h.base,
        stepState: { ...h.base.stepState, phase: 'awaiting_approval', key: cur.key },
        nextRunAt: null,
        attempts: 0,
      },
    };
  }
  const mailboxId = ctx.mailboxes.get(row.ownerId);
  if (!mailboxId) return step.fallback ? fallback() : h.fail('no_mailbox', 'the owner has no connected mailbox');
  const zone = contact.timeZone ?? def.sendWindow.timezone;
  const floors = [
    ...(ctx.lastTouch.has(contact.id)
      ? [
          {
            until: ctx.lastTouch.get(contact.id)! + durationMs(def.cooldowns?.perContact),
            guardrail: 'cooldown' as const,
          },
        ]
      : []),
    ...(typeof row.meta?.lastSentAt === 'string'
      ? [
          {
            until: Date.parse(row.meta.lastSentAt) + durationMs(def.cooldowns?.perSequence),
            guardrail: 'cooldown' as const,
          },
        ]
      : []),
  ];
  const caps = capsFor(ctx, def, mailboxId);
  let decision;
  try {
    decision = nextAllowedTime({
      earliest: now,
      zone,
      window: def.sendWindow,
      holidays: ctx.holidays,
      away: ctx.away.get(row.ownerId) ?? [],
      floors,
      caps,
      usage: (key, bucket) => usage.get(`${key}@${bucket}`) ?? 0,
    });
  } catch (error) {
    return h.fail('no_allowed_time', (error as Error).message);
  }
  if (decision.at > now) {
    return {
      row,
      kind: 'deferred',
      blockedBy: decision.delayedBy,
      next: { ...h.base, nextRunAt: new Date(decision.at), meta: { ...h.base.meta, blockedBy: decision.delayedBy } },
    };
  }
  for (const cap of caps) {
    const key = `${cap.key}@${bucketStart(now, cap.period)}`;
    usage.set(key, (usage.get(key) ?? 0) + 1);
  }
  let headers: Record<string, string> = {};
  const sendKey = stepSendKey(row.id, cur.key);
  let body = secret ? addTracking(html, publicUrl, secret, row.tenantId, sendKey) : html;
  if (def.guardrails.unsubscribe && secret) {
    const url = `${publicUrl.replace(/\/$/, '')}/u/${signUnsubscribe(secret, { tenantId: row.tenantId, contactId: contact.id, enrollmentId: row.id })}`;
    headers = unsubscribeHeaders(url);
    body = `${body}<p style="font-size:12px;color:#666"><a href="${url}">Unsubscribe</a></p>`;
  }
  const send = {
    key: sendKey,
    stepKey: cur.key,
    index,
    mailboxId,
    to: contact.email,
    name: values['contact.fullName'] ?? '',
    subject,
    html: body,
    headers,
  };
  const meta: Record<string, unknown> = { ...h.base.meta, lastSentAt: ctx.now.toISOString() };
  delete meta.blockedBy;
  delete meta.lastError;
  const waitMs = durationMs(step.wait);
  if ((step.branch?.length ?? 0) > 0 || waitMs > 0) {
    const wait = Math.max(
      waitMs,
      step.branch?.length
        ? step.branch.some((r) => r.when === 'no_open_48h')
          ? Math.max(waitMs, DEFAULT_BRANCH_WAIT)
          : waitMs || DEFAULT_BRANCH_WAIT
        : 0,
    );
    return {
      row,
      kind: 'executed',
      ran: h.ranStep('send_email'),
      send,
      next: {
        ...h.base,
        stepState: { ...h.base.stepState, phase: 'waiting', key: cur.key, actedAt: ctx.now.toISOString() },
        nextRunAt: new Date(now + wait),
        lastActionAt: ctx.now,
        attempts: 0,
        meta,
      },
    };
  }
  const out = h.next(now, h.ranStep('send_email'), [], { send });
  out.next.meta = meta;
  return out;
}
