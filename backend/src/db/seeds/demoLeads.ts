import { defaultCadenceStages } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { dayStartAfter } from '#domains/cadences/schedule/index';
import { uuidv7 } from '../ids';
import type { Random } from './demoData';

/** The demo cadence's day start (in the tenant's zone). */
export const DEMO_DAY_START = '09:00';

type DemoContact = {
  id: unknown;
  accountId: unknown;
  clientId: unknown;
  firstName?: string | undefined;
  lastName?: string | undefined;
};

/**
 * Seeds a client pipeline's lead cadence (the defaults: 0, 2, 7, 15, 30 days at 09:00 in the tenant's zone) and one
 * lead per contact of that client, on the first three stages, due from two days ago to ten days ahead at the day
 * start: a due list to work and leads a promotion can snap onto.
 */
export async function seedDemoLeads(
  trx: Knex.Transaction,
  args: {
    tenantId: string;
    timeZone: string;
    pipelineId: string;
    clientId: string;
    contacts: readonly DemoContact[];
    owners: readonly string[];
    rnd: Random;
    now: Date;
  },
): Promise<void> {
  const { tenantId, pipelineId, clientId, now, rnd } = args;
  await trx('leadCadences').insert({
    tenantId,
    id: pipelineId,
    pipelineId,
    clientId,
    stages: JSON.stringify(defaultCadenceStages),
    dayStartTime: DEMO_DAY_START,
    rollover: true,
  });
  const leads = args.contacts
    .filter((c) => c.clientId === clientId)
    .map((c) => ({
      tenantId,
      id: uuidv7(),
      pipelineId,
      clientId,
      contactId: c.id,
      accountId: c.accountId,
      ownerId: rnd.pick(args.owners),
      name: `${c.firstName ?? ''} ${c.lastName ?? ''}`.trim(),
      stageKey: defaultCadenceStages[rnd.int(0, 2)]!.key,
      stageStatus: 'pending',
      state: 'open',
      nextActionAt: dayStartAfter(now, rnd.int(-2, 10), { dayStartTime: DEMO_DAY_START }, args.timeZone),
      lastActionAt: now,
      lastActionSource: 'create',
    }));
  await trx('leads').insert(leads);
}
