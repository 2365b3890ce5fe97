import { maxIdleHours, type NextBestAction } from '@pivotal-pm/sdk';
import type { DealFacts } from './facts';

export type Action = NextBestAction['actions'][number];

const DAY = 86_400_000;
const days = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / DAY);
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const round2 = (x: number) => Math.round(x * 100) / 100;

/** Days without a reply after which the rules suggest a call. */
export const REPLY_WAIT_DAYS = 5;
/** Days without any touch after which a deal not in a sequence is suggested one. */
export const NURTURE_AFTER_DAYS = 7;

/** How long a deal may sit in its stage: the stage's idle limit in days, else 14 days. */
export function stageAllowanceDays(f: Pick<DealFacts, 'slaPolicy' | 'stage'>): number {
  const hours = maxIdleHours(f.slaPolicy, f.stage);
  return hours === null ? 14 : Math.max(1, Math.round(hours / 24));
}

type Draft = Omit<
  Action,
  'opportunityId' | 'opportunityName' | 'templateId' | 'sequenceId' | 'contactId' | 'priority'
> &
  Partial<Pick<Action, 'templateId' | 'sequenceId' | 'contactId'>> & { priority: number };

/**
 * The next actions for one open deal, each with its reason (the figures behind it) and the operation that performs
 * it, most pressing first. Deterministic rules over the deal's facts; `sequenceId` is an active sequence to suggest.
 */
export function nextActions(f: DealFacts, now: Date, sequenceId: string | null): Action[] {
  const out: Draft[] = [];
  const waiting = f.lastOutAt !== null && (f.lastInAt === null || f.lastInAt < f.lastOutAt) ? f.waitingOn : null;
  const waited = f.lastOutAt ? days(f.lastOutAt, now) : 0;
  if (waiting && waited >= REPLY_WAIT_DAYS) {
    out.push({
      kind: 'call',
      title: `Call ${waiting.name}`,
      rationale: `No reply from ${waiting.name} in ${waited} days: call`,
      priority: 0.5 + Math.min(0.4, waited / 60),
      contactId: waiting.id,
      operationId: 'call.start',
      input: { opportunityId: f.id, contactId: waiting.id },
    });
  }
  const inStage = days(f.stageEnteredAt, now);
  const allowance = stageAllowanceDays(f);
  if (inStage > allowance) {
    const to = f.primaryContact ?? f.waitingOn;
    out.push({
      kind: 'email',
      title: 'Ask for a decision date',
      rationale: `${f.stage} stage for ${inStage} days, SLA ${allowance}: ask for a decision date`,
      priority: 0.45 + Math.min(0.4, (inStage - allowance) / (4 * allowance)),
      contactId: to?.id ?? null,
      operationId: 'mail.message.send',
      input: { opportunityId: f.id, ...(to?.email ? { to: [to.email] } : {}) },
    });
  }
  if (f.closeDate !== null && Date.parse(`${f.closeDate}T23:59:59Z`) < now.getTime()) {
    const late = days(new Date(`${f.closeDate}T23:59:59Z`), now);
    out.push({
      kind: 'update_close_date',
      title: 'Update the close date',
      rationale: `Close date ${f.closeDate} passed ${late} ${late === 1 ? 'day' : 'days'} ago: move it or close the deal`,
      priority: 0.6 + Math.min(0.3, late / 60),
      operationId: 'opportunity.update',
      input: { id: f.id },
    });
  }
  if (f.contactsEngaged <= 1) {
    const other = f.otherContact;
    out.push({
      kind: 'multi_thread',
      title: other ? `Bring in ${other.name}` : 'Add another contact',
      rationale: `Only ${f.contactsEngaged === 0 ? 'no' : 'one'} contact engaged: multi-thread`,
      priority: 0.4,
      contactId: other?.id ?? null,
      operationId: other ? 'mail.message.send' : 'contact.create',
      input: other
        ? { opportunityId: f.id, ...(other.email ? { to: [other.email] } : {}) }
        : { accountId: f.accountId },
    });
  }
  if (f.overdueTask) {
    out.push({
      kind: 'task',
      title: `Finish: ${f.overdueTask.title}`,
      rationale: `Task overdue by ${Math.max(1, days(f.overdueTask.dueAt, now))} days`,
      priority: 0.55,
      operationId: 'task.complete',
      input: { id: f.overdueTask.id },
    });
  }
  const idle = days(f.lastActivityAt ?? f.stageEnteredAt, now);
  const target = f.primaryContact ?? f.waitingOn;
  if (!f.inSequence && sequenceId && target && idle >= NURTURE_AFTER_DAYS && !waiting) {
    out.push({
      kind: 'enroll_sequence',
      title: `Enroll ${target.name} in a sequence`,
      rationale: `No touch in ${idle} days and no sequence running: keep ${target.name} warm`,
      priority: 0.35,
      contactId: target.id,
      sequenceId,
      operationId: 'sequence.enroll',
      input: { sequenceId, targets: [{ contactId: target.id, opportunityId: f.id }] },
    });
  }
  return out
    .map((d) => ({
      opportunityId: f.id,
      opportunityName: f.name,
      templateId: null,
      sequenceId: null,
      contactId: null,
      ...d,
      priority: round2(clamp01(d.priority)),
    }))
    .sort((a, b) => b.priority - a.priority || a.kind.localeCompare(b.kind));
}

/** A rep's day: every deal's actions, the larger deals' first among equals (priority x 0.8..1 by amount). */
export function rankDay(deals: { facts: DealFacts; actions: Action[] }[], limit: number): Action[] {
  const largest = Math.max(1, ...deals.map((d) => d.facts.amount));
  return deals
    .flatMap((d) =>
      d.actions.map((a) => ({ ...a, priority: round2(a.priority * (0.8 + (0.2 * d.facts.amount) / largest)) })),
    )
    .sort((a, b) => b.priority - a.priority || a.opportunityName.localeCompare(b.opportunityName))
    .slice(0, limit);
}
