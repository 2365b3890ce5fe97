import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#db/ids';
import { createKnex } from '#db/knex';
import { withTenant } from '#db/tenantTx';
import { workerEmit } from '#domains/events/append';
import { createRecordingMailer, type SequenceMail } from '#domains/sequences/ports';
import { runDueSteps } from '#domains/sequences/runner/run';
import { unsubscribeContact } from '#domains/sequences/unsubscribe';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createAccount, createUser } from '../../helpers/factories';
import { createMailbox } from '../../helpers/mailFactories';
import { always, createTemplate, expectCall, recordingWebhooks } from './helpers';

/**
 * Chaos: 4 runners work one queue of 10,000+ steps (2,750 enrollments x email, task, email, stop) while sends fail
 * ambiguously (the mail is handed over, then the call times out), runners are killed mid-transaction (their
 * Postgres backend terminated) and restarted, and contacts unsubscribe mid-run. Nothing may be sent twice, and
 * nothing to a suppressed contact.
 */
const ENROLLMENTS = 2_750;
const OWNERS = 50;
const RUNNERS = 4;
const P_TIMEOUT = 0.004;
const P_KILL = 0.002;

class AmbiguousTimeout extends Error {}

let t: TestApp;
let acme: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant();
}, 120_000);
afterAll(async () => t?.close());

describe('Sequence Runner chaos', () => {
  it('sends each email exactly once and never to a suppressed contact, across kills and ambiguous failures', async () => {
    const db = t.db.ownerKnex;
    const tpl = await createTemplate(db, acme.id, 'tpl_chaos');
    const steps = [
      { type: 'email', mode: 'auto', templateId: tpl.id },
      { type: 'task', taskType: 'followup', dueIn: 'P1D' },
      { type: 'email', mode: 'auto', templateId: tpl.id },
      { type: 'stop' },
    ];
    const seq = (
      await expectCall(
        t,
        'sequence.create',
        {
          name: 'Chaos',
          goal: 'reply',
          steps,
          sendWindow: always(),
          cooldowns: { perContact: 'PT0S', perSequence: 'PT0S' },
          guardrails: { unsubscribe: true, dailyCap: 10_000, respectOptOut: true },
        },
        acme.users.admin.token,
      )
    ).data.id as string;
    const owners: string[] = [];
    for (let i = 0; i < OWNERS; i++) {
      const u = await createUser(db, acme.id);
      await createMailbox(db, acme.id, u.id);
      owners.push(u.id);
    }
    const account = await createAccount(db, acme.id);
    const start = new Date('2027-02-01T09:00:00Z');
    const contacts = Array.from({ length: ENROLLMENTS }, (_, i) => ({
      tenantId: acme.id,
      id: uuidv7(),
      accountId: account.id,
      firstName: `C${i}`,
      email: `c${i}@chaos.example`,
    }));
    const enrollments = contacts.map((c, i) => ({
      tenantId: acme.id,
      id: uuidv7(),
      sequenceId: seq,
      sequenceVersion: 1,
      contactId: c.id,
      status: 'active',
      currentStep: 0,
      nextRunAt: start,
      ownerId: owners[i % OWNERS]!,
    }));
    for (let i = 0; i < contacts.length; i += 500) {
      await db('contacts').insert(contacts.slice(i, i + 500));
      await db('sequenceEnrollments').insert(enrollments.slice(i, i + 500));
    }
    // 5% suppressed after enrolling (before any run); 2% unsubscribe while the runners work.
    const suppressed = new Set(contacts.filter((_, i) => i % 20 === 7).map((c) => c.id));
    await db('suppressions').insert(
      contacts
        .filter((c) => suppressed.has(c.id))
        .map((c) => ({ tenantId: acme.id, id: uuidv7(), kind: 'email', value: c.email, reason: 'manual' })),
    );
    const leaving = contacts.filter((_, i) => i % 50 === 11).map((c) => c.id);

    let clock = start.getTime();
    const stats = { timeouts: 0, kills: 0, restarts: 0, runnerKills: 0 };
    const chaosMailer = createRecordingMailer(async (trx, _mail: SequenceMail) => {
      const r = Math.random();
      if (r < P_KILL) {
        stats.kills += 1;
        await trx.raw('SELECT pg_terminate_backend(pg_backend_pid())');
      } else if (r < P_KILL + P_TIMEOUT) {
        stats.timeouts += 1;
        throw new AmbiguousTimeout('send timed out after the mail was handed over');
      }
    });
    const live = async () =>
      Number(
        (
          (await db('sequenceEnrollments')
            .where({ tenantId: acme.id, sequenceId: seq })
            .whereIn('status', ['active', 'paused'])
            .count('* as n')) as { n: string }[]
        )[0]!.n,
      );

    let finished = false;
    const runner = async (_: unknown, n: number) => {
      let generation = 0;
      const open = () =>
        createKnex(t.db.ownerUrl, { pool: { min: 0, max: 2 }, applicationName: `chaos-runner-${n}-${generation++}` });
      let knex: Knex = open();
      try {
        for (let pass = 0; pass < 5_000; pass++) {
          try {
            const report = await runDueSteps(knex, {
              mailer: chaosMailer,
              webhooks: recordingWebhooks(),
              publicUrl: 'https://pivotal.test',
              limit: 50,
              now: () => new Date(clock),
              tenantIds: [acme.id],
            });
            if (report.claimed === 0) {
              if ((await live()) === 0) return;
              clock += 10_000; // nothing due: time moves on (pacing holds the rest to later minutes)
            }
          } catch {
            // The runner died (its connection was killed outside a batch): a new one takes its place.
            stats.restarts += 1;
            await knex.destroy().catch(() => undefined);
            knex = open();
          }
        }
      } finally {
        await knex.destroy();
      }
    };
    // Kills a random runner now and then: every backend of its process is terminated, whatever it was doing.
    const killer = async () => {
      while (!finished) {
        await new Promise((r) => setTimeout(r, 150 + Math.random() * 300));
        const victim = Math.floor(Math.random() * RUNNERS);
        const { rows } = (await db.raw(
          `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name LIKE ?`,
          [`chaos-runner-${victim}-%`],
        )) as { rows: unknown[] };
        if (rows.length > 0) stats.runnerKills += 1;
      }
    };
    const sentBefore = new Map<string, number>();
    const unsubscriber = async () => {
      for (const contactId of leaving) {
        await new Promise((r) => setTimeout(r, 20));
        const now = new Date(clock);
        await withTenant(db, { tenantId: acme.id, userId: null, clientIds: null }, (trx) =>
          unsubscribeContact(trx, acme.id, contactId, now, workerEmit(trx, acme.id, now), null),
        );
        // Committed sends to the contact once its unsubscribe committed: none may follow.
        sentBefore.set(
          contactId,
          Number(
            ((await db('sequenceSends').where({ tenantId: acme.id, contactId }).count('* as n')) as { n: string }[])[0]!
              .n,
          ),
        );
      }
    };
    const killing = killer();
    await Promise.all([...Array.from({ length: RUNNERS }, runner), unsubscriber()]);
    finished = true;
    await killing;
    await new Promise((r) => setTimeout(r, 50));

    const sends = (await db('sequenceSends')
      .where({ tenantId: acme.id, sequenceId: seq })
      .select('key', 'contactId')) as { key: string; contactId: string }[];
    const committedKeys = chaosMailer.committed.map((m) => m.sendKey);
    // Exactly once: one committed hand-over per send row, no key twice, no hand-over without its row.
    expect(new Set(committedKeys).size).toBe(committedKeys.length);
    expect(new Set(committedKeys)).toEqual(new Set(sends.map((s) => s.key)));
    // Never to a suppressed contact, nor to an unsubscribed one after its unsubscribe.
    expect(chaosMailer.committed.filter((m) => m.contactIds.some((c) => suppressed.has(c)))).toEqual([]);
    for (const contactId of leaving) {
      const after = sends.filter((s) => s.contactId === contactId).length;
      expect(after).toBe(sentBefore.get(contactId));
    }
    const statuses = (await db('sequenceEnrollments')
      .where({ tenantId: acme.id, sequenceId: seq })
      .groupBy('status', 'stopReason')
      .select('status', 'stopReason')
      .count('* as n')) as { status: string; stopReason: string; n: string }[];
    const by = Object.fromEntries(statuses.map((s) => [`${s.status}:${s.stopReason}`, Number(s.n)]));
    const normal = ENROLLMENTS - suppressed.size - leaving.length;
    expect(by['completed:stopped']).toBe(normal);
    expect(by['completed:opted_out']).toBe(suppressed.size);
    expect(by['completed:unsubscribed'] ?? 0).toBeLessThanOrEqual(leaving.length);
    expect(by['failed:step_error'] ?? 0).toBe(0);
    // Every step of every finished enrollment ran exactly once: 4 step runs each, one task each.
    const runs = Number(
      (
        (await db('sequenceStepRuns').where({ tenantId: acme.id, sequenceId: seq }).count('* as n')) as { n: string }[]
      )[0]!.n,
    );
    expect(runs).toBeGreaterThanOrEqual(normal * 4);
    expect(normal * 4).toBeGreaterThanOrEqual(10_000);
    const dupTasks = await db.raw(
      `SELECT contact_id FROM tasks WHERE tenant_id = ? AND origin = 'sequence' GROUP BY contact_id HAVING count(*) > 1`,
      [acme.id],
    );
    expect(dupTasks.rows).toEqual([]);
    expect(stats.timeouts).toBeGreaterThan(0);
    expect(stats.kills).toBeGreaterThan(0);
    expect(stats.runnerKills).toBeGreaterThan(0);
    console.log(
      `chaos: ${runs} step runs, ${sends.length} sends, ${chaosMailer.attempts.length} hand-over attempts, ${stats.timeouts} ambiguous timeouts, ${stats.kills} killed transactions, ${stats.runnerKills} runners killed, ${stats.restarts} runner restarts, simulated ${((clock - start.getTime()) / 60_000).toFixed(1)} min`,
    );
  }, 600_000);
});
