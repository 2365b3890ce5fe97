import type { Cooldowns, GuardrailName, SendWindow, SequenceStep } from '@pivotal-pm/sdk';
import { DateTime, Duration, type Zone } from 'luxon';
import TinyQueue from 'tinyqueue';
import { nextAllowedTime, type Cap, type PolicyMove } from './policy/engine';
import { type SlotCalendar } from './simulateCalendar';
import { cachedZone } from './simulateZone';

/** Exchange Online's per-mailbox send pacing: messages per minute. */
export const MAILBOX_PER_MINUTE = 30;
/** Exchange Online's per-mailbox recipient limit per day. */
export const MAILBOX_RECIPIENTS_PER_DAY = 10_000;
/** `no_open_48h` is known this long after the email. */
const NO_OPEN_MS = 48 * 3_600_000;

/** The counters an email send is held to (in the order the policy checks them: daily caps first, then pacing). */
export function sendCaps(opts: {
  sequenceKey: string;
  dailyCap: number;
  mailboxUserId: string;
  tenantDailyCap: number | null;
}): Cap[] {
  return [
    ...(opts.tenantDailyCap
      ? [{ key: 'tenant', limit: opts.tenantDailyCap, period: 'day', guardrail: 'daily_cap' } as const]
      : []),
    {
      key: `mailbox:${opts.mailboxUserId}`,
      limit: MAILBOX_RECIPIENTS_PER_DAY,
      period: 'day',
      guardrail: 'mailbox_daily_limit',
    },
    { key: `sequence:${opts.sequenceKey}`, limit: opts.dailyCap, period: 'day', guardrail: 'daily_cap' },
    {
      key: `mailbox-minute:${opts.mailboxUserId}`,
      limit: MAILBOX_PER_MINUTE,
      period: 'minute',
      guardrail: 'mailbox_pacing',
    },
  ];
}

/** One contact of the cohort: its zone (already resolved: the contact's, else the sequence's) and its last touch. */
export type SimulationContact = { id: string; zone: string; lastTouchAt: number | null };

/** Everything a dry run needs, loaded beforehand: the run itself is pure. */
export type SimulationPlan = {
  steps: readonly SequenceStep[];
  window: SendWindow;
  cooldowns: Cooldowns;
  /** Counters every email send is held to (see `sendCaps`). */
  caps: readonly Cap[];
  holidays: ReadonlySet<string>;
  /** The sending owner's out-of-office intervals. */
  away: readonly { start: number; end: number }[];
  /** In serving order: contacts due at the same time are served in this order. */
  contacts: readonly SimulationContact[];
  startAt: number;
  /** Used slots before the run (today's counters); the run adds its own sends to it. */
  calendar: SlotCalendar;
};

/** One step of one contact's schedule (epoch ms). */
export type SimulatedStep = {
  contactId: string;
  stepIndex: number;
  stepKey: string;
  type: SequenceStep['type'];
  at: number;
  nominalAt: number;
  deferredBy: GuardrailName[];
  delays: PolicyMove[];
};

type Frame = { steps: readonly SequenceStep[]; prefix: string; index: number; top: boolean };
type Next = { step: SequenceStep; key: string; stepIndex: number };
type Cursor = {
  order: number;
  contact: SimulationContact;
  zone: Zone;
  frames: Frame[];
  topIndex: number;
  /** Nominal time of the next step. */
  t: number;
  lastEmailAt: number | null;
  lastTouchAt: number | null;
  lastSequenceTouchAt: number | null;
  next: Next | null;
  out: SimulatedStep[];
};

/** Parsed durations (null for a zero one): parsing and `toMillis` cost more than the addition itself. */
const durations = new Map<string, Duration | null>();
function duration(iso: string): Duration | null {
  let d = durations.get(iso);
  if (d === undefined) {
    const parsed = Duration.fromISO(iso);
    durations.set(iso, (d = parsed.toMillis() === 0 ? null : parsed));
  }
  return d;
}

/** `t` plus an ISO-8601 duration in local time (`P1D` keeps the wall-clock time across a DST change). */
export function addDuration(t: number, iso: string | undefined, zone: string | Zone): number {
  const d = iso ? duration(iso) : null;
  return d ? DateTime.fromMillis(t, { zone }).plus(d).toMillis() : t;
}

const isTouch = (step: SequenceStep) => step.type === 'email' || step.type === 'call' || step.type === 'linkedin';

/**
 * Dry-runs a sequence over a cohort: the schedule each contact would get, assuming no engagement (no reply, open,
 * click, meeting or stage change, so `no_open_48h` branches fire and other branches take their `else`) and
 * immediate approval of manual steps. Every timed step is placed by the runner's policy engine; contacts are served
 * in order of due time (then cohort order) and share the calendar, so the mailbox's pacing and every daily cap are
 * counted across the whole cohort. Pure: no clock, no I/O.
 */
export function simulateSchedule(plan: SimulationPlan): SimulatedStep[] {
  const queue = new TinyQueue<Cursor>([], (a, b) => a.t - b.t || a.order - b.order);
  const cursors = plan.contacts.map((contact, order): Cursor => ({
    order,
    contact,
    zone: cachedZone(contact.zone),
    frames: [{ steps: plan.steps, prefix: '', index: 0, top: true }],
    topIndex: 0,
    t: plan.startAt,
    lastEmailAt: null,
    lastTouchAt: contact.lastTouchAt,
    lastSequenceTouchAt: null,
    next: null,
    out: [],
  }));
  for (const c of cursors) if ((c.next = advance(c))) queue.push(c);
  for (let c = queue.pop(); c; c = queue.pop()) {
    place(plan, c, c.next!);
    if ((c.next = advance(c))) queue.push(c);
  }
  return cursors.flatMap((c) => c.out);
}

/** Places one action step of a contact with the policy engine and books its slot. */
function place(plan: SimulationPlan, c: Cursor, { step, key, stepIndex }: Next): void {
  const zone = c.zone;
  const nominal = c.t;
  const trace: PolicyMove[] = [];
  let at = nominal;
  let deferredBy: GuardrailName[] = [];
  if (step.type !== 'webhook') {
    const floors: { until: number; guardrail: GuardrailName }[] = [];
    if (isTouch(step)) {
      if (c.lastTouchAt !== null)
        floors.push({ until: addDuration(c.lastTouchAt, plan.cooldowns.perContact, zone), guardrail: 'cooldown' });
      if (c.lastSequenceTouchAt !== null)
        floors.push({
          until: addDuration(c.lastSequenceTouchAt, plan.cooldowns.perSequence, zone),
          guardrail: 'cooldown',
        });
    }
    const caps = step.type === 'email' ? plan.caps : [];
    const decision = nextAllowedTime(
      {
        earliest: nominal,
        zone,
        window: plan.window,
        holidays: plan.holidays,
        away: plan.away,
        floors,
        caps,
        usage: plan.calendar.usage,
        nextRoom: plan.calendar.nextRoom,
      },
      trace,
    );
    at = decision.at;
    deferredBy = decision.delayedBy;
    if (caps.length > 0) plan.calendar.record(caps, at);
  }
  c.out.push({
    contactId: c.contact.id,
    stepIndex,
    stepKey: key,
    type: step.type,
    at,
    nominalAt: nominal,
    deferredBy,
    delays: merge(trace),
  });
  if (isTouch(step)) c.lastTouchAt = c.lastSequenceTouchAt = at;
  c.t = addDuration(at, 'wait' in step ? step.wait : undefined, zone);
  if (step.type === 'email') {
    c.lastEmailAt = at;
    const j = (step.branch ?? []).findIndex((rule) => rule.when === 'no_open_48h');
    if (j >= 0) {
      c.frames.push({ steps: step.branch![j]!.do, prefix: `${key}.branch.${j}.do.`, index: 0, top: false });
      c.t = Math.max(c.t, at + NO_OPEN_MS);
    }
  }
}

/** Consecutive moves by the same guardrail read as one delay. */
function merge(moves: PolicyMove[]): PolicyMove[] {
  const out: PolicyMove[] = [];
  for (const m of moves) {
    const last = out[out.length - 1];
    if (last && last.guardrail === m.guardrail && last.to === m.from) last.to = m.to;
    else out.push({ ...m });
  }
  return out;
}

/**
 * Walks the contact's path to its next action step (email, call, LinkedIn, task, webhook), recording the untimed
 * steps on the way (wait, branch, stop) at the time they take effect; null when the path has ended.
 */
function advance(c: Cursor): Next | null {
  for (;;) {
    const frame = c.frames[c.frames.length - 1];
    if (!frame) return null;
    if (frame.index >= frame.steps.length) {
      c.frames.pop();
      continue;
    }
    const i = frame.index++;
    const step = frame.steps[i]!;
    const key = `${frame.prefix}${i}`;
    if (frame.top) c.topIndex = i;
    const record = (at: number) =>
      c.out.push({
        contactId: c.contact.id,
        stepIndex: c.topIndex,
        stepKey: key,
        type: step.type,
        at,
        nominalAt: at,
        deferredBy: [],
        delays: [],
      });
    switch (step.type) {
      case 'wait':
        c.t = addDuration(c.t, step.duration, c.zone);
        record(c.t);
        continue;
      case 'stop':
        record(c.t);
        c.frames.length = 0;
        return null;
      case 'branch': {
        // No engagement: only "no open within 48h" comes true (48h after the last email); other conditions run
        // out at the end of `within` and take `else`.
        const fires = step.when === 'no_open_48h';
        c.t = fires ? Math.max(c.t, (c.lastEmailAt ?? c.t) + NO_OPEN_MS) : addDuration(c.t, step.within, c.zone);
        record(c.t);
        const path = fires ? step.do : step.else;
        if (path) c.frames.push({ steps: path, prefix: `${key}.${fires ? 'do' : 'else'}.`, index: 0, top: false });
        continue;
      }
      default:
        return { step, key, stepIndex: c.topIndex };
    }
  }
}
