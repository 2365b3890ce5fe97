// Every card in every state, built from the samples: the snapshot, structure and parser tests and the docs'
// screenshots all use this one list.
import { digestSettingsCard } from './digestSettings';
import { helpCard } from './help';
import { managerDigestCard } from './managerDigest';
import { myPipelineCard } from './myPipeline';
import { myTasksCard } from './myTasks';
import { nextBestActionCard } from './nextBestAction';
import {
  SAMPLE_CONTEXT as ctx,
  SAMPLE_DIGEST,
  SAMPLE_EMPTY_DIGEST,
  SAMPLE_ESCALATION,
  SAMPLE_NBA,
  SAMPLE_PIPELINE,
  SAMPLE_SLA,
  SAMPLE_TASKS,
} from './samples';
import type { AdaptiveCard } from './schema';
import { slaReminderCard } from './slaReminder';

/** A named sample card. */
export type SampleCard = { name: string; card: AdaptiveCard };

/** Every card in every state, from the fixed samples (en-GB, Europe/London, Tuesday 11 March 2025 noon). */
export const ALL_SAMPLE_CARDS: SampleCard[] = [
  { name: 'sla reminder, open', card: slaReminderCard(ctx, SAMPLE_SLA) },
  {
    name: 'sla reminder, completed',
    card: slaReminderCard(ctx, {
      ...SAMPLE_SLA,
      state: 'completed',
      completedBy: 'Rita',
      completedAt: '2025-03-11T10:42:00Z',
    }),
  },
  {
    name: 'sla reminder, snoozed',
    card: slaReminderCard(ctx, { ...SAMPLE_SLA, state: 'snoozed', snoozedUntil: '2025-03-12T09:00:00Z' }),
  },
  {
    name: 'sla reminder, cleared',
    card: slaReminderCard(ctx, { ...SAMPLE_SLA, state: 'cleared', clearedBecause: 'activity_logged' }),
  },
  {
    name: 'sla reminder, time in stage on a calendar clock, no contact or close date',
    card: slaReminderCard(ctx, {
      ...SAMPLE_SLA,
      opportunity: { ...SAMPLE_SLA.opportunity, closeDate: null },
      breach: { ...SAMPLE_SLA.breach, kind: 'time_in_stage', limitHours: 36, clock: 'calendar', idleSince: null },
      contact: null,
    }),
  },
  { name: 'sla escalation, open', card: slaReminderCard(ctx, SAMPLE_ESCALATION) },
  {
    name: 'sla escalation, cleared',
    card: slaReminderCard(ctx, { ...SAMPLE_ESCALATION, state: 'cleared', clearedBecause: 'stage_changed' }),
  },
  { name: 'next best action, open', card: nextBestActionCard(ctx, SAMPLE_NBA) },
  { name: 'next best action, done', card: nextBestActionCard(ctx, { ...SAMPLE_NBA, state: 'done' }) },
  {
    name: 'next best action, dismissed',
    card: nextBestActionCard(ctx, { ...SAMPLE_NBA, state: 'dismissed', dismissReason: 'wrong_contact' }),
  },
  { name: 'digest, weekly', card: managerDigestCard(ctx, SAMPLE_DIGEST) },
  { name: 'digest, daily, every section empty', card: managerDigestCard(ctx, SAMPLE_EMPTY_DIGEST) },
  { name: 'my tasks', card: myTasksCard(ctx, SAMPLE_TASKS) },
  { name: 'my tasks, none due', card: myTasksCard(ctx, { tasks: [] }) },
  { name: 'my pipeline', card: myPipelineCard(ctx, SAMPLE_PIPELINE) },
  {
    name: 'my pipeline, no open deals',
    card: myPipelineCard(ctx, {
      ...SAMPLE_PIPELINE,
      stages: [],
      totals: { count: 0, amount: '0' },
      weighted: '0',
      slaBreachesOpen: 0,
    }),
  },
  { name: 'help', card: helpCard(ctx) },
  {
    name: 'digest settings, quiet hours on',
    card: digestSettingsCard(ctx, {
      frequency: 'weekly',
      quietHours: { start: '20:00', end: '07:30' },
      timeZone: 'Europe/London',
    }),
  },
  {
    name: 'digest settings, quiet hours off',
    card: digestSettingsCard(ctx, { frequency: 'off', quietHours: null, timeZone: 'Asia/Kolkata' }),
  },
];
