import { fromCents, toCents, type Opportunity } from '@pivotal-pm/sdk';
import { helpCard, myPipelineCard, myTasksCard, type AdaptiveCard } from '../cards/index';
import { cardContextOf, type BotDeps, type BotUser } from './types';

/** The commands the bot understands in its personal chat; anything else answers help. */
export type Command = 'my tasks' | 'my pipeline' | 'help';

/** Reads a command from a message: mentions stripped, spacing and case aside. */
export function commandOf(text: string | undefined): Command {
  const words = (text ?? '')
    .replace(/<at>.*?<\/at>/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
  if (words === 'my tasks' || words === 'tasks') return 'my tasks';
  if (words === 'my pipeline' || words === 'pipeline') return 'my pipeline';
  return 'help';
}

/** The user's open tasks due by the end of today (theirs, most urgent first). */
export async function myTasks(deps: BotDeps, user: BotUser): Promise<AdaptiveCard> {
  const now = deps.now?.() ?? new Date();
  const endOfDay = new Date(now.getTime() + 24 * 3_600_000);
  const page = await user.client.task.list({ ownerId: user.userId, dueBefore: endOfDay.toISOString(), limit: 50 });
  const open = page.data.filter((t) => t.status !== 'completed');
  const names = new Map<string, string>();
  for (const id of new Set(open.flatMap((t) => (t.opportunityId ? [t.opportunityId] : [])).slice(0, 10)))
    names.set(id, (await user.client.opportunity.get({ id }).catch(() => null))?.name ?? '');
  return myTasksCard(cardContextOf(deps, user), {
    tasks: open.map((t) => ({
      id: t.id,
      title: t.title,
      dueAt: t.dueAt,
      overdue: new Date(t.dueAt) < now,
      opportunity: t.opportunityId ? { id: t.opportunityId, name: names.get(t.opportunityId) ?? '' } : null,
    })),
    totalCount: open.length + (page.nextCursor ? 1 : 0),
  });
}

/** The user's open pipeline by stage, in the currency most of their deals use (others are not summed). */
export async function myPipeline(deps: BotDeps, user: BotUser): Promise<AdaptiveCard> {
  const deals: Opportunity[] = [];
  for await (const o of user.client.opportunity.list({ ownerId: user.userId, status: 'open', limit: 200 }))
    deals.push(o);
  const byCurrency = new Map<string, number>();
  for (const d of deals) byCurrency.set(d.currency, (byCurrency.get(d.currency) ?? 0) + 1);
  const currency = [...byCurrency].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'EUR';
  const stages = new Map<string, { count: number; cents: bigint }>();
  let total = 0n;
  let weighted = 0n;
  for (const d of deals) {
    const s = stages.get(d.stage) ?? { count: 0, cents: 0n };
    s.count += 1;
    if (d.currency === currency) {
      s.cents += toCents(d.amount);
      total += toCents(d.amount);
      weighted += (toCents(d.amount) * BigInt(Math.round(d.probability * 100))) / 100n;
    }
    stages.set(d.stage, s);
  }
  const breaches = await user.client.sla.breach.list({ ownerIds: [user.userId], status: 'open', limit: 200 });
  return myPipelineCard(cardContextOf(deps, user), {
    currency,
    stages: [...stages].map(([stage, s]) => ({ stage, count: s.count, amount: fromCents(s.cents) })),
    totals: { count: deals.length, amount: fromCents(total) },
    weighted: fromCents(weighted),
    slaBreachesOpen: breaches.data.length,
  });
}

/** Answers a command with its card. */
export async function answer(deps: BotDeps, user: BotUser, command: Command): Promise<AdaptiveCard> {
  if (command === 'my tasks') return myTasks(deps, user);
  if (command === 'my pipeline') return myPipeline(deps, user);
  return helpCard(cardContextOf(deps, user));
}
