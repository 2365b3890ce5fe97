import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { scopeSql, type ScopedBegin } from '#db/scopedBegin';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

describe('scoped BEGIN (tenant scope applied in the same round trip)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.destroy());

  const tenantId = '01928a3e-0000-7000-8000-000000000001';
  const clientId = '01928a3e-0000-7000-8000-0000000000c1';

  it('sets the tenant, user and client scope for that transaction only', async () => {
    const scopedBegin: ScopedBegin = { scope: { tenantId, userId: null, clientIds: [clientId] }, applied: false };
    const seen = await db.appKnex.transaction(
      async (trx) => {
        expect(scopedBegin.applied).toBe(true);
        const res = await trx.raw(
          `select current_setting('app.tenant_id') t, current_setting('app.client_ids') c, current_setting('transaction_read_only') ro`,
        );
        return res.rows[0];
      },
      { readOnly: true, scopedBegin } as Knex.TransactionConfig,
    );
    expect(seen).toEqual({ t: tenantId, c: clientId, ro: 'on' });
    const after = await db.appKnex.raw(`select coalesce(current_setting('app.tenant_id', true), '') t`);
    expect(after.rows[0].t).toBe('');
  });

  it('refuses anything but UUIDs in the scope', () => {
    expect(() => scopeSql({ tenantId: "x'; drop table users; --", userId: null, clientIds: null })).toThrow(/UUID/);
    expect(() => scopeSql({ tenantId, userId: null, clientIds: ["1'); select 1; --"] })).toThrow(/UUID/);
  });
});
