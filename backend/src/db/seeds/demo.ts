import type { Knex } from 'knex';
import { uuidv7 } from '../ids';
import { systemScope, withTenant } from '../tenantTx';
import { createTenant } from './tenants';
import { demoPeople, demoCompanies, makeRandom, type Random } from './demoData';
import { seedDemoLeads } from './demoLeads';
import { recomputeTenant } from '#domains/scoring/jobs';

const STAGES = ['qualification', 'proposal', 'negotiation', 'closedWon', 'closedLost'];
const PROB: Record<string, number> = {
  qualification: 0.1,
  proposal: 0.35,
  negotiation: 0.7,
  closedWon: 1,
  closedLost: 0,
};
const DAY = 86_400_000;

/** Loads the demo agencies `acme` and `globex` unless they exist; returns true when it loaded them. */
export async function seedDemo(ownerKnex: Knex, now = new Date()): Promise<boolean> {
  const existing = await ownerKnex('tenants')
    .whereIn('slug', ['acme', 'globex'])
    .count<{ count: number }[]>({ count: '*' });
  if (Number(existing[0]?.count ?? 0) > 0) return false;
  for (const [slug, name, seed] of [
    ['acme', 'Acme Agency', 1],
    ['globex', 'Globex Partners', 2],
  ] as const) {
    const tenantId = await seedAgency(ownerKnex, slug, name, makeRandom(seed), now);
    // Real health scores from the seeded activity (what the scoring worker would compute).
    await recomputeTenant(ownerKnex, tenantId, now);
  }
  return true;
}

const roleUsers = [
  ['admin', 'Ada Admin', 'admin'],
  ['manager', 'Mara Manager', 'salesManager'],
  ['rep', 'Remy Rep', 'salesRep'],
  ['rep2', 'Rita Rep', 'salesRep'],
  ['marketer', 'Milo Marketer', 'marketer'],
  ['qa', 'Quinn QA', 'qa'],
  ['analyst', 'Ana Analyst', 'analyst'],
  ['viewer', 'Vic Viewer', 'clientViewer'],
  ['approver', 'Abe Approver', 'clientApprover'],
] as const;

async function seedAgency(ownerKnex: Knex, slug: string, name: string, rnd: Random, now: Date): Promise<string> {
  const { id: tenantId } = await createTenant(ownerKnex, {
    slug,
    name,
    timeZone: 'Europe/London',
    defaultCurrency: 'GBP',
  });
  await withTenant(ownerKnex, systemScope(tenantId, 'all'), async (trx) => {
    const t = <R extends object>(row: R) => ({ tenantId, id: uuidv7(), ...row });
    const clients = ['Northwind', 'Contoso', 'Fabrikam'].map((n) => t({ name: n, status: 'active' }));
    await trx('clients').insert(clients);
    const northwind = clients[0]!.id as string;
    const users = roleUsers.map(([local, display, role]) => {
      const row = t({ email: `${local}@${slug}.test`, displayName: display, active: true, timeZone: 'Europe/London' });
      return { ...row, entraObjectId: row.id, role };
    });
    await trx('users').insert(users.map(({ role: _r, ...u }) => u));
    await trx('roleAssignments').insert(
      users.map((u) => t({ userId: u.id, role: u.role, clientId: u.role.startsWith('client') ? northwind : null })),
    );
    const byRole = (r: string) => users.filter((u) => u.role === r).map((u) => u.id as string);
    const sellers = [...byRole('salesRep'), ...byRole('salesManager')];
    const projects = clients.flatMap((c) =>
      ['Brand Launch', 'Retainer'].map((p) => t({ clientId: c.id, name: `${c.name} ${p}`, status: 'active' })),
    );
    await trx('projects').insert(projects);
    const accounts = demoCompanies.map((c, i) =>
      t({
        name: c,
        domain: `${c.toLowerCase().replace(/[^a-z]/g, '')}.example`,
        clientId: clients[i % 3]!.id,
        ownerId: rnd.pick(sellers),
        customFields: JSON.stringify({}),
      }),
    );
    await trx('accounts').insert(accounts);
    const contacts = accounts.flatMap((a) =>
      [0, 1, 2].map(() => {
        const [first, last] = rnd.pick(demoPeople).split(' ');
        return t({
          accountId: a.id,
          clientId: a.clientId,
          firstName: first,
          lastName: last,
          email: `${first!.toLowerCase()}.${last!.toLowerCase()}.${rnd.int(1, 999)}@${a.domain}`,
          phone: `+4420${rnd.int(1000000, 9999999)}`,
          title: rnd.pick(['CMO', 'Head of Growth', 'Marketing Lead', 'CEO', 'Procurement']),
          timeZone: 'Europe/London',
          locale: 'en-GB',
          optedOut: false,
          customFields: JSON.stringify({}),
        });
      }),
    );
    await trx('contacts').insert(contacts);
    const pipelines = [
      t({
        name: 'New Business (internal)',
        ownerId: byRole('salesManager')[0],
        defaultCurrency: 'GBP',
        stageOrder: STAGES,
        slaPolicy: JSON.stringify({ defaultMaxIdleHours: 72, stageProbability: PROB }),
        active: true,
        clientId: null,
        projectIds: [],
      }),
      ...clients.slice(0, 2).map((c) =>
        t({
          name: `${c.name} Deals`,
          ownerId: byRole('salesManager')[0],
          defaultCurrency: 'GBP',
          stageOrder: STAGES,
          slaPolicy: JSON.stringify({ defaultMaxIdleHours: 120, stageProbability: PROB }),
          active: true,
          clientId: c.id,
          projectIds: projects.filter((p) => p.clientId === c.id).map((p) => p.id),
        }),
      ),
    ];
    await trx('pipelines').insert(pipelines);
    const opps = Array.from({ length: 300 }, (_, i) => {
      const p = pipelines[i % 3]!;
      const account = p.clientId ? rnd.pick(accounts.filter((a) => a.clientId === p.clientId)) : rnd.pick(accounts);
      const stage = rnd.weighted(STAGES, [30, 25, 20, 15, 10]);
      const status = stage === 'closedWon' ? 'won' : stage === 'closedLost' ? 'lost' : 'open';
      const entered = new Date(now.getTime() - rnd.int(0, 40) * DAY - rnd.int(0, 23) * 3_600_000);
      const project = p.clientId ? rnd.pick(projects.filter((pr) => pr.clientId === p.clientId)) : null;
      return t({
        pipelineId: p.id,
        clientId: p.clientId,
        projectId: project?.id ?? null,
        name: `${account.name} ${rnd.pick(['Rebrand', 'SEO Retainer', 'Paid Social', 'Website', 'Launch Campaign', 'Analytics'])} ${2026 + (i % 2)}`,
        accountId: account.id,
        primaryContactId: rnd.pick(contacts.filter((c) => c.accountId === account.id)).id,
        ownerId: rnd.pick(sellers),
        stage,
        amount: (rnd.int(20, 600) * 250).toFixed(2),
        currency: 'GBP',
        probability: PROB[stage],
        closeDate: new Date(now.getTime() + rnd.int(-30, 150) * DAY).toISOString().slice(0, 10),
        source: rnd.pick(['campaign', 'inbound', 'outbound', 'referral']),
        score: rnd.int(10, 95),
        tags: rnd.int(0, 4) === 0 ? ['commit'] : [],
        customFields: JSON.stringify({}),
        status,
        reason:
          status === 'won'
            ? 'Best proposal'
            : status === 'lost'
              ? rnd.pick(['Price', 'Timing', 'Went with competitor'])
              : null,
        stageEnteredAt: entered,
        lastActivityAt: entered,
        closedAt: status === 'open' ? null : entered,
        createdAt: new Date(entered.getTime() - 20 * DAY),
      });
    });
    await trx.batchInsert('opportunities', opps, 200);
    await seedStageHistory(trx, tenantId, opps, rnd);
    const engagements = opps.flatMap((o) =>
      Array.from({ length: rnd.int(2, 8) }, () => {
        const type = rnd.pick(['email_in', 'email_out', 'call_out', 'meeting', 'note'] as const);
        return t({
          opportunityId: o.id,
          accountId: o.accountId,
          contactId: o.primaryContactId,
          clientId: o.clientId,
          actorId: o.ownerId,
          type,
          direction: type.endsWith('_in') ? 'in' : type === 'note' || type === 'meeting' ? null : 'out',
          subject: `${rnd.pick(['Re: proposal', 'Intro call', 'Pricing', 'Next steps', 'Kick-off'])} - ${o.name}`,
          bodyPreview: 'Thanks for the time today, following up on what we discussed.',
          meta: JSON.stringify({}),
          occurredAt: new Date(now.getTime() - rnd.int(0, 89) * DAY - rnd.int(0, 86_000) * 1000),
          isBot: false,
          channel: type.startsWith('email')
            ? 'email'
            : type === 'meeting'
              ? 'calendar'
              : type === 'note'
                ? 'inapp'
                : 'phone',
        });
      }),
    );
    await trx.batchInsert('engagements', engagements, 500);
    const tasks = opps
      .filter((o) => o.status === 'open')
      .slice(0, 120)
      .map((o, i) =>
        t({
          type: rnd.pick(['call', 'email', 'followup', 'todo']),
          title: rnd.pick(['Call back about pricing', 'Send revised proposal', 'Book kick-off', 'Check in after demo']),
          opportunityId: o.id,
          contactId: o.primaryContactId,
          clientId: o.clientId,
          ownerId: o.ownerId,
          dueAt: new Date(now.getTime() + (i % 3 === 0 ? -2 : 3) * DAY),
          priority: rnd.pick(['low', 'normal', 'high']),
          status: 'open',
          origin: 'manual',
        }),
      );
    await trx('tasks').insert(tasks);
    // Lead cadence on the Northwind pipeline: one lead per Northwind contact (issue 4's demo).
    await seedDemoLeads(trx, {
      tenantId,
      timeZone: 'Europe/London',
      pipelineId: pipelines[1]!.id as string,
      clientId: northwind,
      contacts,
      owners: sellers,
      rnd,
      now,
    });
  });
  return tenantId;
}

/**
 * The stays each demo deal made before the stage it is in: the trigger recorded only its current one, so the demo's
 * conversion and velocity figures get a past (stages in order from its creation; a lost deal was lost from an open
 * stage).
 */
async function seedStageHistory(
  trx: Knex.Transaction,
  tenantId: string,
  opps: {
    id: string;
    stage: string;
    pipelineId: string;
    ownerId: string;
    clientId: string | null;
    projectId: string | null;
    createdAt: Date;
    stageEnteredAt: Date;
  }[],
  rnd: Random,
): Promise<void> {
  await trx('opportunityStageHistory').where({ tenantId }).delete();
  const rows = opps.flatMap((o) => {
    const path =
      o.stage === 'closedLost'
        ? [...STAGES.slice(0, rnd.int(1, 3)), 'closedLost']
        : STAGES.slice(0, STAGES.indexOf(o.stage) + 1);
    const start = o.createdAt.getTime();
    const step = (o.stageEnteredAt.getTime() - start) / Math.max(1, path.length - 1);
    return path.map((stage, i) => ({
      tenantId,
      opportunityId: o.id,
      pipelineId: o.pipelineId,
      stage,
      enteredAt: new Date(i === path.length - 1 ? o.stageEnteredAt.getTime() : start + i * step),
      exitedAt: i === path.length - 1 ? null : new Date(start + (i + 1) * step),
      nextStage: path[i + 1] ?? null,
      ownerId: o.ownerId,
      clientId: o.clientId,
      projectId: o.projectId,
    }));
  });
  await trx.batchInsert('opportunityStageHistory', rows, 500);
}
