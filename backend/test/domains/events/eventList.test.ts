import { EventEnvelope } from '@pivotal-pm/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#db/ids';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import {
  apiKeyToken,
  cursorText,
  emitEvents,
  interleavedCommits,
  stageChanged,
  taskCreated,
  until,
  type Emitted,
} from './helpers';

describe('event.list', () => {
  let t: TestApp;
  let acme: TestTenant;
  let globex: TestTenant;
  let emitted: Emitted[];
  const cursors = (res: { body: { data: EventEnvelope[] } }) => res.body.data.map((e) => e.cursor);
  beforeAll(async () => {
    t = await createTestApp();
    [acme, globex] = await Promise.all([t.tenant(), t.tenant()]);
    await emitEvents(t.db.ownerKnex, globex.id, [taskCreated()]);
    emitted = await emitEvents(t.db.ownerKnex, acme.id, [
      taskCreated(),
      stageChanged(acme.clientId),
      taskCreated(acme.clientId),
    ]);
  });
  afterAll(async () => t?.close());

  it('replays the tenant outbox in order as contract envelopes, page by page', async () => {
    const all = await t.call('event.list', {}, acme.users.admin.token);
    expect(all.status).toBe(200);
    expect(all.body.nextCursor).toBeNull();
    expect(cursors(all)).toEqual(emitted.map((e) => e.cursor));
    expect(all.body.data[0].cursor).toMatch(/^\d+\.\d+$/);
    for (const e of all.body.data) expect(EventEnvelope.safeParse(e).success).toBe(true);
    expect(all.body.data[1]).toMatchObject({
      name: 'opportunity.stageChanged',
      tenantId: acme.id,
      clientId: acme.clientId,
      actor: 'user:test',
    });

    const first = await t.call('event.list', { limit: 2 }, acme.users.admin.token);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.nextCursor).toBe(emitted[1]!.cursor);
    const rest = await t.call('event.list', { limit: 2, cursor: first.body.nextCursor }, acme.users.admin.token);
    expect(cursors(rest)).toEqual([emitted[2]!.cursor]);
    expect(rest.body.nextCursor).toBeNull();

    const after = await t.call('event.list', { after: emitted[0]!.cursor }, acme.users.analyst.token);
    expect(cursors(after)).toEqual([emitted[1]!.cursor, emitted[2]!.cursor]);
  });

  it('filters by names (JSON list or comma-separated query)', async () => {
    const post = await t.call('event.list', { names: ['task.created'] }, acme.users.admin.token);
    expect(post.body.data.map((e: EventEnvelope) => e.name)).toEqual(['task.created', 'task.created']);
    const get = await t.call('event.list', undefined, acme.users.admin.token, {
      method: 'GET',
      query: 'names=opportunity.stageChanged,opportunity.won',
    });
    expect(get.status).toBe(200);
    expect(cursors(get)).toEqual([emitted[1]!.cursor]);
  });

  it('never skips a late commit: rows wait until every older transaction has finished', async () => {
    const tail = emitted[2]!.cursor;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let lateRow: { seq: number; txId: string } | undefined;
    const late = t.db.ownerKnex.transaction(async (trx) => {
      await trx.raw(`select set_config('app.tenant_id', ?, true)`, [acme.id]);
      const [row] = await trx('events')
        .insert({ tenantId: acme.id, id: uuidv7(), name: 'task.created', payload: JSON.stringify(taskCreated().data) })
        .returning(['seq', 'txId']);
      lateRow = row as { seq: number; txId: string };
      await held;
    });
    while (!lateRow) await new Promise((r) => setTimeout(r, 10));
    const [next] = await emitEvents(t.db.ownerKnex, acme.id, [taskCreated()]);
    expect(next!.seq).toBeGreaterThan(lateRow.seq);
    const during = await t.call('event.list', { after: tail }, acme.users.admin.token);
    expect(during.body.data).toEqual([]);
    release();
    await late;
    const afterCommit = await until(
      () => t.call('event.list', { after: tail }, acme.users.admin.token),
      (r) => r.body.data.length >= 2,
    );
    expect(cursors(afterCommit)).toEqual([cursorText(lateRow), next!.cursor]);
  });

  it('orders by transaction: an older transaction with a higher seq never makes a cursor skip a lower seq', async () => {
    const tail = (await t.call('event.list', { limit: 200 }, acme.users.admin.token)).body.data.at(-1).cursor as string;
    const { v, r, commitR, release } = await interleavedCommits(t.db.ownerKnex, acme.id);
    try {
      // The race: R holds the lower seq, V the older transaction; V committed, R is still open.
      expect(r.seq).toBeLessThan(v.seq);
      expect(BigInt(r.txId)).toBeGreaterThan(BigInt(v.txId));
      const list = (after: string) => t.call('event.list', { after }, acme.users.admin.token);

      // V's row is readable now (every transaction older than it has finished), R's is not.
      const during = await until(
        () => list(tail),
        (res) => res.body.data.length > 0,
      );
      expect(cursors(during)).toEqual([v.cursor]);
      // A reader moves its cursor to V's: a seq cursor (v.seq) would now be past R's row for good.
      expect(cursors(await list(v.cursor))).toEqual([]);

      await commitR();
      const resumed = await until(
        () => list(v.cursor),
        (res) => res.body.data.length > 0,
      );
      expect(cursors(resumed)).toEqual([r.cursor]);
      const whole = await list(tail);
      expect(cursors(whole)).toEqual([v.cursor, r.cursor]);
      expect(cursors(await list(r.cursor))).toEqual([]);
    } finally {
      await release();
    }
  });

  it('shows a client-confined caller only the events of its clients', async () => {
    const token = await apiKeyToken(t.db.ownerKnex, acme.id, 'analyst', [acme.clientId]);
    const res = await t.call('event.list', {}, token);
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThan(0);
    expect(res.body.data.every((e: EventEnvelope) => e.clientId === acme.clientId)).toBe(true);
    expect(cursors(res)).toEqual([emitted[1]!.cursor, emitted[2]!.cursor]);
  });

  it('answers 400 naming the field for bad input', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ limit: 0 }, 'limit'],
      [{ after: 'yesterday' }, 'after'],
      [{ cursor: '-1' }, 'cursor'],
      [{ after: '12' }, 'after'],
      [{ cursor: '18446744073709551616.1' }, 'cursor'],
      [{ after: '1.2.3' }, 'after'],
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
    const past = await t.call('event.list', { after: '0.0', limit: 200 }, acme.users.admin.token);
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
