import { EventEnvelope } from '@pivotal-pm/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/db/ids';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { apiKeyToken, emitEvents, stageChanged, taskCreated } from './helpers';

describe('event.list', () => {
  let t: TestApp;
  let acme: TestTenant;
  let globex: TestTenant;
  let seqs: number[];
  beforeAll(async () => {
    t = await createTestApp();
    [acme, globex] = await Promise.all([t.tenant(), t.tenant()]);
    await emitEvents(t.db.ownerKnex, globex.id, [taskCreated()]);
    seqs = await emitEvents(t.db.ownerKnex, acme.id, [taskCreated(), stageChanged(acme.clientId), taskCreated(acme.clientId)]);
  });
  afterAll(async () => t?.close());

  it('replays the tenant outbox in order as contract envelopes, page by page', async () => {
    const all = await t.call('event.list', {}, acme.users.admin.token);
    expect(all.status).toBe(200);
    expect(all.body.nextCursor).toBeNull();
    expect(all.body.data.map((e: EventEnvelope) => e.cursor)).toEqual(seqs.map(String));
    for (const e of all.body.data) expect(EventEnvelope.safeParse(e).success).toBe(true);
    expect(all.body.data[1]).toMatchObject({ name: 'opportunity.stageChanged', tenantId: acme.id, clientId: acme.clientId, actor: 'user:test' });

    const first = await t.call('event.list', { limit: 2 }, acme.users.admin.token);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.nextCursor).toBe(String(seqs[1]));
    const rest = await t.call('event.list', { limit: 2, cursor: first.body.nextCursor }, acme.users.admin.token);
    expect(rest.body.data.map((e: EventEnvelope) => e.cursor)).toEqual([String(seqs[2])]);
    expect(rest.body.nextCursor).toBeNull();

    const after = await t.call('event.list', { after: String(seqs[0]) }, acme.users.analyst.token);
    expect(after.body.data.map((e: EventEnvelope) => e.cursor)).toEqual([String(seqs[1]), String(seqs[2])]);
  });

  it('filters by names (JSON list or comma-separated query)', async () => {
    const post = await t.call('event.list', { names: ['task.created'] }, acme.users.admin.token);
    expect(post.body.data.map((e: EventEnvelope) => e.name)).toEqual(['task.created', 'task.created']);
    const get = await t.call('event.list', undefined, acme.users.admin.token, { method: 'GET', query: 'names=opportunity.stageChanged,opportunity.won' });
    expect(get.status).toBe(200);
    expect(get.body.data.map((e: EventEnvelope) => e.cursor)).toEqual([String(seqs[1])]);
  });

  it('never skips a late commit: rows wait until every older transaction has finished', async () => {
    const tail = String(seqs[2]);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let lateSeq = 0;
    const late = t.db.ownerKnex.transaction(async (trx) => {
      await trx.raw(`select set_config('app.tenant_id', ?, true)`, [acme.id]);
      const [row] = await trx('events').insert({ tenantId: acme.id, id: uuidv7(), name: 'task.created', payload: JSON.stringify(taskCreated().data) }).returning('seq');
      lateSeq = (row as { seq: number }).seq;
      await held;
    });
    while (lateSeq === 0) await new Promise((r) => setTimeout(r, 10));
    const [nextSeq] = await emitEvents(t.db.ownerKnex, acme.id, [taskCreated()]);
    expect(nextSeq).toBeGreaterThan(lateSeq);
    const during = await t.call('event.list', { after: tail }, acme.users.admin.token);
    expect(during.body.data).toEqual([]);
    release();
    await late;
    const afterCommit = await t.call('event.list', { after: tail }, acme.users.admin.token);
    expect(afterCommit.body.data.map((e: EventEnvelope) => e.cursor)).toEqual([String(lateSeq), String(nextSeq)]);
  });

  it('shows a client-confined caller only the events of its clients', async () => {
    const token = await apiKeyToken(t.db.ownerKnex, acme.id, 'analyst', [acme.clientId]);
    const res = await t.call('event.list', {}, token);
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThan(0);
    expect(res.body.data.every((e: EventEnvelope) => e.clientId === acme.clientId)).toBe(true);
    expect(res.body.data.map((e: EventEnvelope) => e.cursor)).toEqual([String(seqs[1]), String(seqs[2])]);
  });

  it('answers 400 naming the field for bad input', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ limit: 0 }, 'limit'],
      [{ after: 'yesterday' }, 'after'],
      [{ cursor: '-1' }, 'cursor'],
      [{ names: ['opportunity.exploded'] }, 'names'],
    ];
    for (const [body, field] of cases) {
      const res = await t.call('event.list', body, acme.users.admin.token);
      expect(res.status, field).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path.split('.')[0])).toContain(field);
    }
  });

  it("never shows another tenant's events", async () => {
    const res = await t.call('event.list', {}, globex.users.admin.token);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0].tenantId).toBe(globex.id);
    const past = await t.call('event.list', { after: '0', limit: 200 }, acme.users.admin.token);
    expect(past.body.data.every((e: EventEnvelope) => e.tenantId === acme.id)).toBe(true);
  });

  it('answers 403 to roles without event.read', async () => {
    for (const role of ['salesRep', 'clientViewer', 'marketer'] as const) {
      const res = await t.call('event.list', {}, acme.users[role].token);
      expect(res.status, role).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
  });
});
