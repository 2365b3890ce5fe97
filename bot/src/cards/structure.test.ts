// Structure of the built cards: schema version, verbs and their ids, escaping, variants and figures.
import { describe, expect, it } from 'vitest';
import { CARD_VERBS } from './actions';
import { managerDigestCard } from './managerDigest';
import { myTasksCard, type MyTask } from './myTasks';
import { nextBestActionCard } from './nextBestAction';
import { ALL_SAMPLE_CARDS } from './sampleCards';
import {
  SAMPLE_CONTEXT as ctx,
  SAMPLE_DIGEST,
  SAMPLE_ESCALATION,
  SAMPLE_NBA,
  SAMPLE_SLA,
  SAMPLE_TASKS,
} from './samples';
import { slaReminderCard } from './slaReminder';
import { allCardElements, allExecutes, markdownTexts } from './walk';

const SLA_IDS = { breachId: SAMPLE_SLA.breachId, taskId: SAMPLE_SLA.taskId, opportunityId: SAMPLE_SLA.opportunity.id };

describe('every card', () => {
  it.each(ALL_SAMPLE_CARDS)('$name is an Adaptive Card 1.5', ({ card }) => {
    expect(card).toMatchObject({
      type: 'AdaptiveCard',
      version: '1.5',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    });
  });

  it.each(ALL_SAMPLE_CARDS)('$name uses only documented verbs, each with its ids', ({ card }) => {
    for (const action of allExecutes(card)) {
      expect(CARD_VERBS).toContain(action.verb);
      if (action.verb.startsWith('sla.')) expect(action.data).toMatchObject(SLA_IDS);
      if (action.verb.startsWith('nba.')) {
        expect(action.data).toMatchObject({ opportunityId: 'opp_02', actionKey: 'nba_call_champion' });
      }
      if (action.verb === 'task.complete') expect(action.data).toEqual({ taskId: expect.stringMatching(/^tsk_/) });
    }
  });
});

describe('SLA reminder', () => {
  it('offers Log a call (with a note), Complete, Snooze and Open to the owner', () => {
    const card = slaReminderCard(ctx, SAMPLE_SLA);
    expect(card.actions?.map((a) => a.title)).toEqual([
      'Log a call',
      'Complete task',
      'Snooze 1 day',
      'Open in Pivotal',
    ]);
    const logCall = allExecutes(card).find((a) => a.verb === 'sla.logCall');
    expect(logCall).toMatchObject({ associatedInputs: 'auto', data: SLA_IDS });
    expect(allCardElements(card)).toContainEqual(expect.objectContaining({ type: 'Input.Text', id: 'note' }));
    expect(allExecutes(card).find((a) => a.verb === 'sla.snooze')?.data).toEqual({ ...SLA_IDS, snoozeHours: 24 });
    expect(card.actions?.at(-1)).toEqual({
      type: 'Action.OpenUrl',
      title: 'Open in Pivotal',
      url: ctx.deepLink('opp_01'),
    });
  });

  it('refreshes for its recipients with the reminder ids', () => {
    expect(slaReminderCard(ctx, SAMPLE_SLA).refresh).toEqual({
      action: {
        type: 'Action.Execute',
        verb: 'refresh',
        title: 'Refresh',
        data: { card: 'slaReminder', view: 'owner', ...SLA_IDS },
      },
      userIds: ['29:rita-teams-id'],
    });
    expect(slaReminderCard(ctx, SAMPLE_ESCALATION).refresh?.action.data).toMatchObject({ view: 'manager' });
  });

  it.each([
    { state: 'completed' as const, completedBy: 'Rita', completedAt: '2025-03-11T10:42:00Z' },
    { state: 'snoozed' as const, snoozedUntil: '2025-03-18T09:00:00Z' },
    { state: 'cleared' as const, clearedBecause: 'activity_logged' as const },
  ])('when $state, shows the outcome and only Open', (status) => {
    const card = slaReminderCard(ctx, { ...SAMPLE_SLA, ...status });
    expect(card.actions?.map((a) => a.type)).toEqual(['Action.OpenUrl']);
    expect(markdownTexts(card).join('\n')).toMatch(
      /Task completed by Rita at 10:42|Snoozed until Tue 18 Mar, 09:00|Cleared: activity logged/,
    );
  });

  it('gives the manager Remind owner and Open, never Log a call, Complete or Snooze', () => {
    const card = slaReminderCard(ctx, SAMPLE_ESCALATION);
    const verbs = allExecutes(card).map((a) => a.verb);
    expect(verbs).toEqual(['sla.remindOwner', 'refresh']);
    expect(verbs).not.toContain('sla.completeTask');
    expect(verbs).not.toContain('sla.snooze');
    expect(card.actions?.map((a) => a.title)).toEqual(['Remind owner', 'Open in Pivotal']);
    expect(markdownTexts(card)).toContain("Rita's deal has been breached for 26 h with no activity");
  });
});

describe('Next Best Action', () => {
  it('offers Do it, Dismiss with a required reason, and Open', () => {
    const card = nextBestActionCard(ctx, SAMPLE_NBA);
    expect(card.actions?.map((a) => a.title)).toEqual(['Do it', 'Dismiss', 'Open in Pivotal']);
    const reason = allCardElements(card).find((e) => e.type === 'Input.ChoiceSet');
    expect(reason).toMatchObject({ id: 'dismissReason', isRequired: true });
    expect(reason?.type === 'Input.ChoiceSet' && reason.choices.map((c) => c.value)).toEqual([
      'not_relevant',
      'already_done',
      'later',
      'wrong_contact',
    ]);
    expect(allExecutes(card).find((a) => a.verb === 'nba.dismiss')?.associatedInputs).toBe('auto');
    expect(card.refresh?.action.data).toEqual({
      card: 'nba',
      opportunityId: 'opp_02',
      actionKey: 'nba_call_champion',
      operation: 'activities.logCall',
    });
  });

  it('shows the outcome and only Open once done or dismissed', () => {
    for (const state of ['done', 'dismissed'] as const) {
      const card = nextBestActionCard(ctx, { ...SAMPLE_NBA, state, dismissReason: 'later' });
      expect(card.actions?.map((a) => a.type)).toEqual(['Action.OpenUrl']);
      expect(markdownTexts(card)).toContain(state === 'done' ? 'Done' : 'Dismissed: Later');
    }
  });
});

describe('manager digest', () => {
  const texts = markdownTexts(managerDigestCard(ctx, SAMPLE_DIGEST));

  it('shows the figures as given', () => {
    for (const figure of [
      '12',
      '7',
      '3 · £86,500',
      '1 · £12,000',
      '£64,000',
      '£18,500',
      'At risk · 28',
      'Watch · 41',
    ]) {
      expect(texts).toContain(figure);
    }
    expect(texts).toContain('**4** open · **2** new');
    for (const s of SAMPLE_DIGEST.sla.byStage) expect(texts.join('|')).toContain(`${s.stage}|${s.count}`);
    for (const rep of SAMPLE_DIGEST.team) {
      for (const n of [rep.emails, rep.calls, rep.meetings, rep.tasksDone]) expect(texts).toContain(String(n));
    }
  });

  it('lists at most five deals at risk, then says how many more', () => {
    const atRisk = Array.from({ length: 7 }, (_, i) => ({
      ...SAMPLE_DIGEST.atRisk[0]!,
      id: `opp_${i}`,
      name: `Deal ${i}`,
    }));
    const card = managerDigestCard(ctx, { ...SAMPLE_DIGEST, atRisk });
    expect(markdownTexts(card).filter((t) => t.startsWith('Deal '))).toHaveLength(5);
    expect(markdownTexts(card)).toContain('and 2 more');
  });

  it('has View analytics and Settings', () => {
    const card = managerDigestCard(ctx, SAMPLE_DIGEST);
    expect(card.actions).toEqual([
      {
        type: 'Action.OpenUrl',
        title: 'View analytics',
        url: 'https://app.pivotal.example/analytics?from=2025-03-03&to=2025-03-09',
      },
      { type: 'Action.Execute', verb: 'digest.settings', title: 'Settings', data: {} },
    ]);
  });
});

describe('my tasks', () => {
  const many: MyTask[] = Array.from({ length: 12 }, (_, i) => ({ ...SAMPLE_TASKS.tasks[1]!, id: `tsk_${i}` }));

  it('shows ten tasks, each with Done, then "and N more"', () => {
    const card = myTasksCard(ctx, { tasks: many });
    expect(allExecutes(card).map((a) => a.data)).toEqual(many.slice(0, 10).map((t) => ({ taskId: t.id })));
    expect(markdownTexts(card)).toContain('and 2 more');
    expect(markdownTexts(myTasksCard(ctx, { tasks: many.slice(0, 10), totalCount: 25 }))).toContain('and 15 more');
  });
});
