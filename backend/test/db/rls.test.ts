import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#db/ids';
import { createKnex } from '#db/knex';
import { asTenant, createTestDatabase, type TestDatabase } from '../helpers/db';
import {
  createApiKey,
  createClient,
  createEngagement,
  createOpportunity,
  createPipeline,
  createTenant,
  createUser,
} from '../helpers/factories';

type Ids = { tenantId: string; opportunityId: string };

describe('row-level security', () => {
  let db: TestDatabase;
  let a: Ids;
  let b: Ids;

  const seedTenant = async (): Promise<Ids> => {
    const tenant = await createTenant(db.ownerKnex);
    const opportunity = await createOpportunity(db.ownerKnex, tenant.id);
    await createEngagement(db.ownerKnex, tenant.id, {
      accountId: opportunity.accountId,
      opportunityId: opportunity.id,
    });
    return { tenantId: tenant.id, opportunityId: opportunity.id };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    a = await seedTenant();
    b = await seedTenant();
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('shows a tenant only its own rows', async () => {
    await asTenant(db.appKnex, { tenantId: a.tenantId }, async (trx) => {
      expect((await trx('opportunities').select('id')).map((r) => r.id)).toEqual([a.opportunityId]);
      expect((await trx('tenants').select('id')).map((r) => r.id)).toEqual([a.tenantId]);
      expect(await trx('engagements').where({ tenantId: b.tenantId })).toEqual([]);
      expect(await trx('opportunities').where({ id: b.opportunityId })).toEqual([]);
    });
  });

  it('refuses to write a row for another tenant', async () => {
    const write = asTenant(db.appKnex, { tenantId: a.tenantId }, (trx) =>
      trx('clients').insert({ tenantId: b.tenantId, id: uuidv7(), name: 'Intruder' }),
    );
    await expect(write).rejects.toMatchObject({ code: '42501' });
    const moved = await asTenant(db.appKnex, { tenantId: a.tenantId }, (trx) =>
      trx('opportunities').where({ id: b.opportunityId }).update({ name: 'Hijacked' }),
    );
    expect(moved).toBe(0);
  });

  it('shows nothing when no tenant is set', async () => {
    const counts = await db.appKnex.transaction(async (trx) => ({
      tenants: (await trx('tenants').count({ n: '*' }))[0]?.n,
      opportunities: (await trx('opportunities').count({ n: '*' }))[0]?.n,
      engagements: (await trx('engagements').count({ n: '*' }))[0]?.n,
    }));
    expect(counts).toEqual({ tenants: 0, opportunities: 0, engagements: 0 });
  });

  it('sees nothing, without error, on a pooled connection after the tenant transaction ended', async () => {
    const single = createKnex(db.appUrl, { pool: { min: 1, max: 1 } });
    try {
      await asTenant(single, { tenantId: a.tenantId }, async (trx) => {
        expect((await trx('opportunities')).length).toBe(1);
      });
      const setting = await single.raw(`SELECT current_setting('app.tenant_id', true) AS v`);
      expect(setting.rows[0].v).toBe('');
      expect(await single('opportunities')).toEqual([]);
      expect(await single('tenants')).toEqual([]);
    } finally {
      await single.destroy();
    }
  });

  it('keeps audit_log append-only for the app role', async () => {
    const id = uuidv7();
    await asTenant(db.appKnex, { tenantId: a.tenantId }, (trx) =>
      trx('auditLog').insert({ tenantId: a.tenantId, id, actor: 'user:x', operation: 'test.op', targetType: 'test' }),
    );
    const update = asTenant(db.appKnex, { tenantId: a.tenantId }, (trx) =>
      trx('auditLog').where({ id }).update({ actor: 'someone else' }),
    );
    await expect(update).rejects.toMatchObject({ code: '42501' });
    const remove = asTenant(db.appKnex, { tenantId: a.tenantId }, (trx) => trx('auditLog').where({ id }).delete());
    await expect(remove).rejects.toMatchObject({ code: '42501' });
  });

  it("hides internal pipelines and other clients' records from a client-scoped caller", async () => {
    const owner = db.ownerKnex;
    const mine = await createClient(owner, a.tenantId);
    const other = await createClient(owner, a.tenantId);
    const myOpp = await createOpportunity(owner, a.tenantId, { clientId: mine.id });
    const otherOpp = await createOpportunity(owner, a.tenantId, { clientId: other.id });
    const internal = await createPipeline(owner, a.tenantId);
    const scoped = { tenantId: a.tenantId, clientIds: [mine.id] };
    await asTenant(db.appKnex, scoped, async (trx) => {
      expect((await trx('opportunities').select('id')).map((r) => r.id)).toEqual([myOpp.id]);
      expect((await trx('pipelines').select('id')).map((r) => r.id)).toEqual([myOpp.pipelineId]);
      expect((await trx('clients').select('id')).map((r) => r.id)).toEqual([mine.id]);
      expect(await trx('pipelines').where({ id: internal.id })).toEqual([]);
    });
    const smuggle = asTenant(db.appKnex, scoped, (trx) =>
      trx('tasks').insert({
        tenantId: a.tenantId,
        id: uuidv7(),
        type: 'todo',
        title: 'x',
        ownerId: otherOpp.ownerId,
        clientId: other.id,
      }),
    );
    await expect(smuggle).rejects.toMatchObject({ code: '42501' });
    await asTenant(db.appKnex, { tenantId: a.tenantId }, async (trx) => {
      const ids = (await trx('opportunities').select('id')).map((r) => r.id);
      expect(ids).toEqual(expect.arrayContaining([a.opportunityId, myOpp.id, otherOpp.id]));
    });
  });

  it('shows a mailbox to its owner only, to workers with mailbox_scope=all, never to client scope', async () => {
    const owner = db.ownerKnex;
    const alice = await createUser(owner, a.tenantId);
    const bob = await createUser(owner, a.tenantId);
    const mailboxId = uuidv7();
    await owner('mailboxAccounts').insert({ tenantId: a.tenantId, id: mailboxId, userId: alice.id });
    await owner('messageIndex').insert({
      tenantId: a.tenantId,
      id: uuidv7(),
      mailboxId,
      userId: alice.id,
      externalId: 'm1',
      folder: 'inbox',
      fromAddress: 'jane@acme.example',
      subject: 'Renewal pricing',
      toAddresses: ['alice@agency.example'],
      receivedAt: new Date(),
    });
    const visible = (settings: Parameters<typeof asTenant>[1]) =>
      asTenant(db.appKnex, settings, async (trx) => ({
        mailboxes: (await trx('mailboxAccounts')).length,
        messages: (await trx('messageIndex').whereRaw(`search @@ plainto_tsquery('simple', 'renewal')`)).length,
      }));
    expect(await visible({ tenantId: a.tenantId, userId: alice.id })).toEqual({ mailboxes: 1, messages: 1 });
    expect(await visible({ tenantId: a.tenantId, userId: bob.id })).toEqual({ mailboxes: 0, messages: 0 });
    expect(await visible({ tenantId: a.tenantId, mailboxScope: 'all' })).toEqual({ mailboxes: 1, messages: 1 });
    expect(await visible({ tenantId: a.tenantId, userId: alice.id, clientIds: [uuidv7()] })).toEqual({
      mailboxes: 0,
      messages: 0,
    });
  });

  it('answers the auth lookups before a tenant is known, and nothing else', async () => {
    const tenant = await db.ownerKnex('tenants').where({ id: b.tenantId }).first();
    await db.ownerKnex('tenants').where({ id: b.tenantId }).update({ entraTenantId: 'entra-b' });
    const key = await createApiKey(db.ownerKnex, b.tenantId, { role: 'analyst' });
    await db.appKnex.transaction(async (trx) => {
      const bySlug = await trx.raw('SELECT * FROM auth_tenant_by_slug(?)', [tenant.slug]);
      expect(bySlug.rows).toEqual([{ id: b.tenantId, slug: tenant.slug }]);
      const byEntra = await trx.raw('SELECT * FROM auth_tenant_by_entra(?)', ['entra-b']);
      expect(byEntra.rows).toEqual([{ id: b.tenantId, slug: tenant.slug }]);
      const byKey = await trx.raw('SELECT * FROM auth_api_key(?)', [key.id]);
      expect(byKey.rows[0]).toMatchObject({ tenant_id: b.tenantId, role: 'analyst', revoked_at: null });
      expect(await trx('apiKeys')).toEqual([]);
    });
  });

  it('has an engagement partition for the current month, with RLS forced', async () => {
    const now = new Date();
    const name = `engagements_y${now.getUTCFullYear()}m${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    const { rows } = await db.ownerKnex.raw(
      `SELECT relispartition, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = ?`,
      [name],
    );
    expect(rows).toEqual([{ relispartition: true, relrowsecurity: true, relforcerowsecurity: true }]);
    const direct = await asTenant(db.appKnex, { tenantId: a.tenantId }, (trx) =>
      trx.raw(`SELECT count(*) FROM ${name}`).then(
        () => 'read',
        (e: { code?: string }) => e.code,
      ),
    );
    expect(direct).toBe('42501'); // partitions are reached through engagements only
  });
});
