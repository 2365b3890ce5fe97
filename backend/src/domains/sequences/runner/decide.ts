import type { BranchCondition, EmailStep, GuardrailName, SequenceStep } from '@pivotal-pm/sdk';
import { renderMergeTags } from '#domains/mail/render';
import { addTracking } from '#domains/mail/trackingLink';
import type { CompletionReason } from '../lifecycle';
import { nextAllowedTime, type Cap } from '../policy/engine';
import type { DefinitionRow, EnrollmentRow, StepState } from '../rows';
import { signUnsubscribe, unsubscribeHeaders } from '../unsubscribeLink';
import { defOf, MAILBOX_PER_DAY, MAILBOX_PER_MINUTE, templateFor, type BatchContext } from './context';
import { actionOf, currentStep, durationMs, stepSendKey, taskOf, type CurrentStep } from './steps';

const HOUR = 3_600_000;
/** How long an email with branches waits for opens, clicks and replies when it names no `wait`. */
const DEFAULT_BRANCH_WAIT = 48 * HOUR;
/** Attempts before a step that keeps failing fails the enrollment. */
export const MAX_ATTEMPTS = 5;

/** The new run state of an enrollment. */
export type NextState = {
  status: 'active' | 'paused' | 'completed' | 'failed';
  currentStep: number;
  stepState: StepState;
  nextRunAt: Date | null;
  lastActionAt: Date | null;
  stopReason: string | null;
  attempts: number;
  meta: Record<string, unknown>;
};

/** What running one claimed enrollment decided: its new state and the side effects to write. */
export type Outcome = {
  row: EnrollmentRow;
  next: NextState;
  kind: 'executed' | 'deferred' | 'completed' | 'failed' | 'awaiting';
  /** The step that ran (its key makes its side effect happen at most once). */
  ran?: { key: string; index: number; action: string };
  send?: {
    key: string;
    stepKey: string;
    index: number;
    mailboxId: string;
    to: string;
    name: string;
    subject: string;
    html: string;
    headers: Record<string, string>;
  };
  task?: {
    type: 'call' | 'email' | 'followup' | 'todo';
    title: string;
    notes: string | null;
    dueAt: Date;
    priority: 'low' | 'normal' | 'high';
  };
  approval?: { stepKey: string; index: number; to: string; subject: string; html: string };
  webhook?: { url: string; key: string; body: Record<string, unknown> };
  completed?: CompletionReason;
  failed?: { code: string; message: string };
  /** Guardrails that moved a deferred step, with the time it moved to. */
  blockedBy?: GuardrailName[];
};

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

/** Step state and index after leaving `cur`, with steps a branch queued (`extra`) in front. */
function advance(
  row: EnrollmentRow,
  def: DefinitionRow,
  cur: CurrentStep,
  extra: { key: string; step: SequenceStep }[] = [],
): { currentStep: number; stepState: StepState; finished: boolean } {
  const pending = row.stepState?.pending ?? [];
  const fromPending = pending.length > 0 && pending[0]!.key === cur.key;
  const rest = fromPending ? pending.slice(1) : pending;
  const index = fromPending ? row.currentStep : row.currentStep + 1;
  const queue = [...extra, ...rest];
  return {
    currentStep: index,
    stepState: queue.length > 0 ? { pending: queue } : {},
    finished: queue.length === 0 && index >= def.steps.length,
  };
}

/** True when `when` happened for the enrollment since `since` (epoch ms). */
export function conditionHolds(ctx: BatchContext, row: EnrollmentRow, when: BranchCondition, since: number): boolean {
  const seen = (kind: string) =>
    (ctx.tracking.get(row.id) ?? []).some((e) => e.kind === kind && +new Date(e.occurredAt) >= since);
  switch (when) {
    case 'replied':
      return seen('reply');
    case 'opened':
      return seen('open');
    case 'clicked':
      return seen('click');
    case 'no_open_48h':
      return !seen('open');
    case 'meeting_booked':
      return typeof row.meta?.meetingBookedAt === 'string' && Date.parse(row.meta.meetingBookedAt) >= since;
    case 'stage_changed':
      return row.opportunityId !== null && (ctx.stageEnteredAt.get(row.opportunityId) ?? 0) >= since;
  }
}

const keyed = (steps: readonly SequenceStep[], prefix: string) =>
  steps.map((step, k) => ({ key: `${prefix}${k}`, step }));

/**
 * Decides what one claimed enrollment does now. Pure given the context, except that an email it sends counts
 * against `usage` at once (so later enrollments of the batch see the cap).
 */
export function decide(
  ctx: BatchContext,
  row: EnrollmentRow,
  usage: Map<string, number>,
  secret: Buffer | null,
  publicUrl: string,
): Outcome {
  const now = ctx.now.getTime();
  const def = defOf(ctx, row);
  const base: NextState = {
    status: 'active',
    currentStep: row.currentStep,
    stepState: row.stepState ?? {},
    nextRunAt: row.nextRunAt,
    lastActionAt: row.lastActionAt,
    stopReason: null,
    attempts: row.attempts,
    meta: row.meta ?? {},
  };
  const complete = (reason: CompletionReason, extra: Partial<Outcome> = {}): Outcome => ({
    row,
    kind: extra.ran ? 'executed' : 'completed',
    ...extra,
    completed: reason,
    next: {
      ...base,
      status: 'completed',
      stopReason: reason,
      nextRunAt: null,
      lastActionAt: extra.ran ? ctx.now : base.lastActionAt,
      attempts: 0,
    },
  });
  const fail = (code: string, message: string): Outcome => {
    const attempts = row.attempts + 1;
    if (attempts >= MAX_ATTEMPTS)
      return {
        row,
        kind: 'failed',
        failed: { code, message },
        next: { ...base, status: 'failed', stopReason: code, nextRunAt: null, attempts },
      };
    return {
      row,
      kind: 'deferred',
      next: {
        ...base,
        attempts,
        nextRunAt: new Date(now + Math.min(2 ** attempts * 60_000, HOUR)),
        meta: { ...base.meta, lastError: `${code}: ${message}` },
      },
    };
  };
  const seq = ctx.sequences.get(row.sequenceId);
  if (!seq || !seq.active || seq.archivedAt) return complete('archived');
  const cur = currentStep(row, def.steps);
  if (!cur) return complete('finished');
  const index = Number.parseInt(cur.key.slice(1), 10);
  const step = cur.step;
  // Leaves the step: the next one is due at `at` (the runner places emails under the guardrails when they run).
  const next = (
    at: number,
    ran: Outcome['ran'] | undefined,
    extra: { key: string; step: SequenceStep }[] = [],
    more: Partial<Outcome> = {},
  ): Outcome => {
    const a = advance(row, def, cur, extra);
    if (a.finished) return complete('finished', { ...more, ...(ran ? { ran } : {}) });
    return {
      row,
      kind: ran ? 'executed' : 'completed',
      ...more,
      ...(ran ? { ran } : {}),
      next: {
        ...base,
        currentStep: a.currentStep,
        stepState: a.stepState,
        nextRunAt: new Date(at),
        lastActionAt: ran ? ctx.now : base.lastActionAt,
        attempts: 0,
      },
    };
  };
  const ranStep = (action: string) => ({ key: cur.key, index, action });

  switch (step.type) {
    case 'stop':
      return complete('stopped', { ran: ranStep('stop') });
    case 'wait':
      return next(now + durationMs(step.duration), ranStep('wait'));
    case 'call':
    case 'linkedin':
    case 'task': {
      const t = taskOf(step)!;
      return next(now + durationMs('wait' in step ? step.wait : undefined), ranStep('create_task'), [], {
        task: {
          type: t.type,
          title: `${t.title} (${seq.name})`,
          notes: t.notes,
          dueAt: new Date(now + durationMs(t.dueIn)),
          priority: t.priority,
        },
      });
    }
    case 'webhook':
      return next(now + durationMs(step.wait), ranStep('call_webhook'), [], {
        webhook: {
          url: step.url,
          key: stepSendKey(row.id, cur.key),
          body: {
            ...(step.payload ?? {}),
            enrollmentId: row.id,
            sequenceId: row.sequenceId,
            contactId: row.contactId,
            opportunityId: row.opportunityId,
            stepKey: cur.key,
          },
        },
      });
    case 'branch': {
      if (step.within && row.stepState?.phase !== 'waiting') {
        return {
          row,
          kind: 'executed',
          ran: ranStep('branch'),
          next: {
            ...base,
            stepState: { ...base.stepState, phase: 'waiting', key: cur.key, actedAt: ctx.now.toISOString() },
            nextRunAt: new Date(now + durationMs(step.within)),
            attempts: 0,
          },
        };
      }
      const since = Date.parse(
        row.stepState?.actedAt ?? row.lastActionAt?.toISOString() ?? row.createdAt.toISOString(),
      );
      const holds = conditionHolds(ctx, row, step.when, since);
      const chosen = holds ? keyed(step.do, `${cur.key}.d`) : keyed(step.else ?? [], `${cur.key}.e`);
      return next(now, row.stepState?.phase === 'waiting' ? undefined : ranStep('branch'), chosen);
    }
    case 'email':
      return decideEmail(ctx, row, def, cur, index, step, usage, secret, publicUrl, {
        base,
        complete,
        fail,
        next,
        ranStep,
      });
  }
}

type Helpers = {
  base: NextState;
  complete: (reason: CompletionReason, extra?: Partial<Outcome>) => Outcome;
  fail: (code: string, message: string) => Outcome;
  next: (
    at: number,
    ran: Outcome['ran'] | undefined,
    extra?: { key: string; step: SequenceStep }[],
    more?: Partial<Outcome>,
  ) => Outcome;
  ranStep: (action: string) => { key: string; index: number; action: string };
};

function decideEmail(
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

/** Start of the UTC minute or day holding `t`. */
export function bucketStart(t: number, period: 'day' | 'minute'): number {
  const size = period === 'day' ? 86_400_000 : 60_000;
  return Math.floor(t / size) * size;
}

export { actionOf };
