import type { SendWindow, SequenceStep } from '@pivotal-pm/sdk';
import { DateTime } from 'luxon';
import { sendCaps, type SimulatedStep, type SimulationPlan } from './simulate';
import { SlotCalendar } from './simulateCalendar';

/** Shared by the schedule simulator's tests: zones, times, windows, a plan and a readable schedule. */
export const LONDON = 'Europe/London';
export const HOUR = 3_600_000;
/** Epoch ms of a London wall-clock time (`2027-03-29T10:00`). */
export const L = (local: string, zone = LONDON) => DateTime.fromISO(local, { zone }).toMillis();
export const U = (iso: string) => Date.parse(iso);
export const days = (list: number[], start = '09:00', end = '17:00') => list.map((day) => ({ day, start, end }));
export const weekdays: SendWindow = { timezone: LONDON, businessHours: days([1, 2, 3, 4, 5]), quietHours: [] };
export const email = (wait?: string): SequenceStep => ({
  type: 'email',
  mode: 'auto',
  templateId: 'tpl',
  ...(wait ? { wait } : {}),
});

export function plan(over: Partial<SimulationPlan> & { contactCount?: number } = {}): SimulationPlan {
  const { contactCount = 1, ...rest } = over;
  return {
    steps: [email()],
    window: weekdays,
    cooldowns: { perContact: 'PT0S', perSequence: 'PT0S' },
    caps: sendCaps({ sequenceKey: 's1', dailyCap: 200, mailboxUserId: 'u1', tenantDailyCap: null }),
    holidays: new Set(),
    away: [],
    contacts: Array.from({ length: contactCount }, (_, i) => ({ id: `c${i}`, zone: LONDON, lastTouchAt: null })),
    startAt: L('2027-03-29T10:00'),
    calendar: new SlotCalendar(),
    ...rest,
  };
}
/** The schedule with times as UTC ISO strings, for readable exact expectations. */
export const readable = (steps: SimulatedStep[]) =>
  steps.map((s) => ({
    contactId: s.contactId,
    stepKey: s.stepKey,
    type: s.type,
    at: new Date(s.at).toISOString(),
    nominalAt: new Date(s.nominalAt).toISOString(),
    delays: s.delays.map((d) => `${d.guardrail} ${new Date(d.from).toISOString()} -> ${new Date(d.to).toISOString()}`),
  }));
