// Snapshots of every card in every state, built from the fixed samples (en-GB, Europe/London, 11 March 2025).
import { describe, expect, it } from 'vitest';
import { asAttachment, CARD_CONTENT_TYPE } from './attachment';
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
import { slaReminderCard } from './slaReminder';

describe('SLA reminder', () => {
  it('open', () => expect(slaReminderCard(ctx, SAMPLE_SLA)).toMatchSnapshot());
  it('completed', () =>
    expect(
      slaReminderCard(ctx, {
        ...SAMPLE_SLA,
        state: 'completed',
        completedBy: 'Rita',
        completedAt: '2025-03-11T10:42:00Z',
      }),
    ).toMatchSnapshot());
  it('snoozed', () =>
    expect(
      slaReminderCard(ctx, { ...SAMPLE_SLA, state: 'snoozed', snoozedUntil: '2025-03-12T09:00:00Z' }),
    ).toMatchSnapshot());
  it('cleared', () =>
    expect(
      slaReminderCard(ctx, { ...SAMPLE_SLA, state: 'cleared', clearedBecause: 'activity_logged' }),
    ).toMatchSnapshot());
  it('time in stage on a calendar clock, without contact or close date', () =>
    expect(
      slaReminderCard(ctx, {
        ...SAMPLE_SLA,
        opportunity: { ...SAMPLE_SLA.opportunity, closeDate: null },
        breach: { ...SAMPLE_SLA.breach, kind: 'time_in_stage', limitHours: 36, clock: 'calendar', idleSince: null },
        contact: null,
      }),
    ).toMatchSnapshot());
  it('escalated to the manager, open', () => expect(slaReminderCard(ctx, SAMPLE_ESCALATION)).toMatchSnapshot());
  it('escalated to the manager, cleared', () =>
    expect(
      slaReminderCard(ctx, { ...SAMPLE_ESCALATION, state: 'cleared', clearedBecause: 'stage_changed' }),
    ).toMatchSnapshot());
});

describe('Next Best Action', () => {
  it('open', () => expect(nextBestActionCard(ctx, SAMPLE_NBA)).toMatchSnapshot());
  it('done', () => expect(nextBestActionCard(ctx, { ...SAMPLE_NBA, state: 'done' })).toMatchSnapshot());
  it('dismissed', () =>
    expect(
      nextBestActionCard(ctx, { ...SAMPLE_NBA, state: 'dismissed', dismissReason: 'wrong_contact' }),
    ).toMatchSnapshot());
});

describe('manager digest', () => {
  it('weekly', () => expect(managerDigestCard(ctx, SAMPLE_DIGEST)).toMatchSnapshot());
  it('daily, every section empty', () => expect(managerDigestCard(ctx, SAMPLE_EMPTY_DIGEST)).toMatchSnapshot());
});

describe('my tasks', () => {
  it('some due', () => expect(myTasksCard(ctx, SAMPLE_TASKS)).toMatchSnapshot());
  it('none due', () => expect(myTasksCard(ctx, { tasks: [] })).toMatchSnapshot());
});

describe('my pipeline', () => {
  it('open deals', () => expect(myPipelineCard(ctx, SAMPLE_PIPELINE)).toMatchSnapshot());
  it('no open deals', () =>
    expect(
      myPipelineCard(ctx, {
        ...SAMPLE_PIPELINE,
        stages: [],
        totals: { count: 0, amount: '0' },
        weighted: '0',
        slaBreachesOpen: 0,
      }),
    ).toMatchSnapshot());
});

describe('help and settings', () => {
  it('help', () => expect(helpCard(ctx)).toMatchSnapshot());
  it('settings with quiet hours', () =>
    expect(
      digestSettingsCard(ctx, {
        frequency: 'weekly',
        quietHours: { start: '20:00', end: '07:30' },
        timeZone: 'Europe/London',
      }),
    ).toMatchSnapshot());
  it('settings without quiet hours', () =>
    expect(
      digestSettingsCard(ctx, { frequency: 'off', quietHours: null, timeZone: 'Asia/Kolkata' }),
    ).toMatchSnapshot());
});

describe('asAttachment', () => {
  it('wraps a card with the adaptive card content type', () => {
    const card = helpCard(ctx);
    expect(asAttachment(card)).toEqual({ contentType: 'application/vnd.microsoft.card.adaptive', content: card });
    expect(CARD_CONTENT_TYPE).toBe('application/vnd.microsoft.card.adaptive');
  });
});
