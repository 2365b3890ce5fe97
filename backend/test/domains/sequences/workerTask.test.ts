import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordingMailer } from '#domains/sequences/ports';
import { startWorkers } from '#workers/index';
import { createTestApp, type TestApp } from '../../helpers/app';
import { createContact } from '../../helpers/factories';
import { createMailbox } from '../../helpers/mailFactories';
import { always, createTemplate, expectCall } from './helpers';

describe('sequence_run task (graphile-worker)', () => {
  let t: TestApp;
  let workers: Awaited<ReturnType<typeof startWorkers>>;
  const mailer = createRecordingMailer();
  beforeAll(async () => {
    t = await createTestApp();
    workers = await startWorkers(t.db.ownerUrl, pino({ level: 'silent' }), 1, { sequenceMailer: mailer });
  });
  afterAll(async () => {
    await workers?.stop();
    await workers?.pool.end();
    await t?.close();
  });

  it('runs due steps through the wired mailer', async () => {
    const tenant = await t.tenant();
    await createMailbox(t.db.ownerKnex, tenant.id, tenant.users.salesRep.id);
    const tpl = await createTemplate(t.db.ownerKnex, tenant.id);
    const seq = await expectCall(
      t,
      'sequence.create',
      {
        name: 'Worker',
        goal: 'reply',
        steps: [{ type: 'email', mode: 'auto', templateId: tpl.id }],
        sendWindow: always(),
        cooldowns: { perContact: 'PT0S', perSequence: 'PT0S' },
      },
      tenant.users.admin.token,
    );
    const contact = await createContact(t.db.ownerKnex, tenant.id);
    await expectCall(
      t,
      'sequence.enroll',
      { sequenceId: seq.data.id, targets: [{ contactId: contact.id }], ownerId: tenant.users.salesRep.id },
      tenant.users.admin.token,
    );
    await workers.addJob('sequence_run', {});
    const deadline = Date.now() + 15_000;
    while (mailer.committed.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(mailer.committed.map((m) => m.contactIds)).toEqual([[contact.id]]);
    expect(await t.db.ownerKnex('sequenceEnrollments').where({ sequenceId: seq.data.id }).first()).toMatchObject({
      status: 'completed',
      stopReason: 'finished',
    });
  });
});
