// User values render literally in every card; ids travel raw in action data and percent-encoded in URLs.
import { describe, expect, it } from 'vitest';
import { managerDigestCard } from './managerDigest';
import { myTasksCard } from './myTasks';
import { nextBestActionCard } from './nextBestAction';
import {
  SAMPLE_CONTEXT as ctx,
  SAMPLE_DIGEST,
  SAMPLE_ESCALATION,
  SAMPLE_NBA,
  SAMPLE_SLA,
  SAMPLE_TASKS,
} from './samples';
import { slaReminderCard } from './slaReminder';
import { allActions, allExecutes, markdownTexts } from './walk';

const EVIL = '[click](https://evil) **bold**';

describe('escaping', () => {
  const evilSla = {
    ...SAMPLE_ESCALATION,
    opportunity: { ...SAMPLE_SLA.opportunity, id: 'opp/../x?y#z', name: EVIL, accountName: EVIL, stage: '_Stage_' },
    contact: { name: EVIL, email: '<mailto:x@evil>', phone: '[tel](tel:1)' },
    escalation: { ownerName: '**Boss**', breachedHoursAgo: 3 },
  };

  it('renders user values literally: no link, emphasis or autolink survives', () => {
    const cards = [
      slaReminderCard(ctx, evilSla),
      slaReminderCard(ctx, { ...evilSla, escalation: undefined }),
      nextBestActionCard(ctx, {
        ...SAMPLE_NBA,
        opportunity: { ...SAMPLE_NBA.opportunity, name: EVIL },
        action: { ...SAMPLE_NBA.action, title: EVIL, reason: EVIL },
      }),
      managerDigestCard(ctx, {
        ...SAMPLE_DIGEST,
        atRisk: [{ ...SAMPLE_DIGEST.atRisk[0]!, name: EVIL, ownerName: EVIL }],
        team: [{ ...SAMPLE_DIGEST.team[0]!, name: EVIL }],
      }),
      myTasksCard(ctx, { tasks: [{ ...SAMPLE_TASKS.tasks[0]!, title: EVIL, opportunity: { id: 'o', name: EVIL } }] }),
    ];
    for (const card of cards) {
      const texts = markdownTexts(card).join('\n');
      expect(texts).toContain('\\[click\\](https://evil) \\*\\*bold\\*\\*');
      // Every bracket, star, underscore and angle bracket in the card's markdown is escaped, except our own bold.
      expect(texts.replace(/\*\*\d+\*\*/g, '')).not.toMatch(/(?<!\\)[[\]<>_]|(?<!\\)\*/);
    }
  });

  it('carries ids raw in action data and percent-encoded in URLs', () => {
    const card = slaReminderCard(ctx, { ...evilSla, escalation: undefined });
    for (const action of allExecutes(card)) expect(action.data).toMatchObject({ opportunityId: 'opp/../x?y#z' });
    const urls = allActions(card).flatMap((a) => (a.type === 'Action.OpenUrl' ? [a.url] : []));
    expect(urls).toEqual([ctx.deepLink('opp/../x?y#z')]);
    expect(urls[0]).toContain('opp%2F..%2Fx%3Fy%23z');
  });
});
