import { featureFlags } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { uuidv7 } from '../ids';
import { systemScope, withTenant } from '../tenantTx';

/** Creates a tenant with every feature flag on and, optionally, its first admin. */
export async function createTenant(
  ownerKnex: Knex,
  input: {
    slug: string;
    name: string;
    entraTenantId?: string | undefined;
    adminEmail?: string | undefined;
    timeZone?: string;
    defaultCurrency?: string;
  },
): Promise<{ id: string; slug: string; adminId: string | null }> {
  const id = uuidv7();
  return withTenant(ownerKnex, systemScope(id, 'all'), async (trx) => {
    await trx('tenants').insert({
      id,
      slug: input.slug,
      name: input.name,
      entraTenantId: input.entraTenantId ?? id,
      timeZone: input.timeZone ?? 'UTC',
      // The forecast's currency when no pipeline is named.
      settings: JSON.stringify(input.defaultCurrency ? { defaultCurrency: input.defaultCurrency } : {}),
    });
    await trx('featureFlags').insert(featureFlags.map((flag) => ({ tenantId: id, flag, enabled: true })));
    let adminId: string | null = null;
    if (input.adminEmail) {
      adminId = uuidv7();
      await trx('users').insert({
        tenantId: id,
        id: adminId,
        email: input.adminEmail.toLowerCase(),
        displayName: 'Administrator',
        entraObjectId: adminId,
        active: true,
        timeZone: input.timeZone ?? 'UTC',
      });
      await trx('roleAssignments').insert({
        tenantId: id,
        id: uuidv7(),
        userId: adminId,
        role: 'admin',
        clientId: null,
      });
    }
    return { id, slug: input.slug, adminId };
  });
}
