import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createContact, createTask } from '../../helpers/factories';
import { uuidv7 } from '#db/ids';

type Next = {
  task: { id: string; status: string } | null;
  contact: { id: string } | null;
  phone: string | null;
  remaining: number;
};

// Wednesday 2026-12-09 10:30 UTC: 10:30 in London, 02:30 in Los Angeles, 19:30 in Tokyo (inside), 21:30 in Sydney.
let now = new Date('2026-12-09T10:30:00Z');

describe('dialer.queue.next', () => {
  let t: TestApp;
  let acme: TestTenant;
  let other: TestTenant;
  const task: Record<string, string> = {};
  const contact: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ clock: () => now });
    [acme, other] = [await t.tenant(), await t.tenant()];
    const db = t.db.ownerKnex;
    const rep = acme.users.salesRep.id;
    const due = new Date('2026-12-09T08:00:00Z');
    const person = async (name: string, values: Parameters<typeof createContact>[2]) =>
      (contact[name] = (await createContact(db, acme.id, { phone: '+442079460001', ...values })).id);
    const call = async (name: string, contactId: string | null, values: Parameters<typeof createTask>[2] = {}) =>
      (task[name] = (
        await createTask(db, acme.id, { type: 'call', ownerId: rep, contactId, dueAt: due, ...values })
      ).id);
    await call('london', await person('london', { timeZone: 'Europe/London', phone: '+442079460002' }));
    await call('londonHigh', await person('londonHigh', { timeZone: 'Europe/London', phone: '+442079460003' }), {
      priority: 'high',
      dueAt: new Date('2026-12-09T09:00:00Z'),
    });
    await call('tokyo', await person('tokyo', { timeZone: 'Asia/Tokyo', phone: '+81312345678' }));
    await call('la', await person('la', { timeZone: 'America/Los_Angeles', phone: '+14155550100' }));
    await call('tenantZone', await person('tenantZone', { timeZone: null, phone: '+442079460004' }));
    await call('optedOut', await person('optedOut', { timeZone: 'Europe/London', optedOut: true }));
    await call('suppressed', await person('suppressed', { timeZone: 'Europe/London', phone: '+442079460009' }));
    await db('suppressions').insert({
      tenantId: acme.id,
      id: uuidv7(),
      kind: 'phone',
      value: '+442079460009',
      reason: 'manual',
    });
    await call('calledToday', await person('calledToday', { timeZone: 'Europe/London', phone: '+442079460005' }));
    await db('callSessions').insert({
      tenantId: acme.id,
      id: uuidv7(),
      userId: acme.users.salesManager.id,
      contactId: contact.calledToday,
      direction: 'out',
      status: 'ended',
      provider: 'webrtc',
      startedAt: new Date('2026-12-09T00:30:00Z'),
      endedAt: new Date('2026-12-09T00:31:00Z'),
    });
    await call('noPhone', await person('noPhone', { timeZone: 'Europe/London', phone: null }));
    await call('later', contact.london!, { dueAt: new Date('2026-12-09T15:00:00Z') });
    await call('done', contact.london!, { status: 'completed' });
    await createTask(db, acme.id, { type: 'email', ownerId: rep, contactId: contact.london!, dueAt: due });
    await call('otherRep', contact.london!, { ownerId: acme.users.salesManager.id });
    const foreign = await createContact(db, other.id, { phone: '+442079460002', timeZone: 'Europe/London' });
    await createTask(db, other.id, {
      type: 'call',
      ownerId: other.users.salesRep.id,
      contactId: foreign.id,
      dueAt: due,
    });
  });
  afterAll(async () => t?.close());

  const next = async (input: Record<string, unknown> = {}, token = acme.users.salesRep.token) => {
    const res = await t.call('dialer.queue.next', input, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.data as Next;
  };

  it('hands the due call task first by priority, skipping who may not be called now', async () => {
    const first = await next();
    // London (10:30), Tokyo (19:30) and the tenant's UTC are inside calling hours; Los Angeles (02:30) is not.
    expect(first.task?.id).toBe(task.londonHigh);
    const claimed = await t.db.ownerKnex('tasks').where({ id: task.londonHigh }).first('status');
    expect(claimed.status).toBe('inProgress');
    expect(first.contact?.id).toBe(contact.londonHigh);
    expect(first.phone).toBe('+442079460003');
    expect(first.remaining).toBe(3);
  });

  it('answers the claimed task again until it is called (a retry is safe)', async () => {
    expect((await next()).task?.id).toBe(task.londonHigh);
  });

  it('sends a skipped task to the back of the queue, where it stays open', async () => {
    const after = await next({ skipTaskId: task.londonHigh });
    expect(after.task?.id).toBe(task.london);
    const skipped = await t.db.ownerKnex('tasks').where({ id: task.londonHigh }).first('status', 'dialerSkippedAt');
    expect(skipped.status).toBe('open');
    expect(skipped.dialerSkippedAt).not.toBeNull();
  });

  it('walks the whole queue without handing anything twice, then says it is empty', async () => {
    const seen: string[] = [];
    let current = await next();
    while (current.task) {
      seen.push(current.task.id);
      await t.db.ownerKnex('tasks').where({ id: current.task.id }).update({ status: 'completed' });
      current = await next();
    }
    expect(seen.sort()).toEqual([task.london, task.londonHigh, task.tenantZone, task.tokyo].sort());
    expect(current).toEqual({ task: null, contact: null, opportunityId: null, phone: null, remaining: 0 });
  });

  it('hands Los Angeles once it is morning there, and never another tenant’s or another rep’s tasks', async () => {
    now = new Date('2026-12-09T18:00:00Z');
    const la = await next();
    expect(la.task?.id).toBe(task.la);
    // London's later task (due 15:00) is due now too.
    expect(la.remaining).toBe(1);
  });

  it('refuses what is not the caller’s: 400, 422 and 403', async () => {
    const bad = await t.call('dialer.queue.next', { skipTaskId: 'nope' }, acme.users.salesRep.token);
    expect([bad.status, bad.body.error.code, bad.body.error.details.issues[0].path]).toEqual([
      400,
      'validation_failed',
      'skipTaskId',
    ]);
    const notMine = await t.call('dialer.queue.next', { skipTaskId: task.otherRep }, acme.users.salesRep.token);
    expect([notMine.status, notMine.body.error.code]).toEqual([422, 'reference_invalid']);
    const foreign = await t.call('dialer.queue.next', { sequenceId: uuidv7() }, acme.users.salesRep.token);
    expect(foreign.status).toBe(422);
    const viewer = await t.call('dialer.queue.next', {}, acme.users.clientViewer.token);
    expect([viewer.status, viewer.body.error.code]).toEqual([403, 'forbidden']);
    await t.db
      .ownerKnex('featureFlags')
      .insert({ tenantId: acme.id, flag: 'webrtc_calls', enabled: false })
      .onConflict(['tenantId', 'flag'])
      .merge();
    t.services.tenants.invalidate(acme.id);
    const off = await t.call('dialer.queue.next', {}, acme.users.salesRep.token);
    expect(off.status).toBe(403);
  });
});
