import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateLatest, migrateRollbackAll } from '#db/database';
import { migrations } from '#db/migrationSource';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createEngagement, createTenant } from '../helpers/factories';

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('lists every file of migrations/ in the static migration source, in order', () => {
    const dir = fileURLToPath(new URL('../../src/db/migrations/', import.meta.url));
    const files = readdirSync(dir)
      .filter((f) => /^\d{14}_[a-z]+(_[a-z]+)*\.ts$/.test(f))
      .sort();
    expect(readdirSync(dir).filter((f) => !f.endsWith('.test.ts'))).toEqual(files);
    expect(Object.keys(migrations)).toEqual(files);
  });

  it('moves rows out of the DEFAULT partition when their month gets a partition', async () => {
    const tenant = await createTenant(db.ownerKnex);
    const occurredAt = new Date('2040-05-17T12:00:00Z');
    const engagement = await createEngagement(db.ownerKnex, tenant.id, { occurredAt });
    const where = async (table: string) => (await db.ownerKnex(table).where({ id: engagement.id })).length;
    expect(await where('engagements_default')).toBe(1);
    const created = await db.ownerKnex.raw(`SELECT ensure_engagement_partitions('2040-04-01', 3) AS n`);
    expect(created.rows[0].n).toBe(3);
    expect(await where('engagements_default')).toBe(0);
    expect(await where('engagements_y2040m05')).toBe(1);
    expect(await where('engagements')).toBe(1);
    const again = await db.ownerKnex.raw(`SELECT ensure_engagement_partitions('2040-04-01', 3) AS n`);
    expect(again.rows[0].n).toBe(0);
  });

  it('rolls every migration back and applies them again', async () => {
    const fresh = await createTestDatabase();
    try {
      const undone = await migrateRollbackAll(fresh.ownerUrl);
      expect(undone).toHaveLength(Object.keys(migrations).length);
      const { rows } = await fresh.ownerKnex.raw(`
        SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v') AND c.relname NOT LIKE 'knex_migrations%'`);
      expect(rows[0].n).toBe(0);
      expect(await migrateLatest(fresh.ownerUrl)).toEqual(Object.keys(migrations));
    } finally {
      await fresh.destroy();
    }
  });
});
