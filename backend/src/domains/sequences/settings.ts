import type { SequenceSettings } from '@pivotal-pm/sdk';
import type { OpContext } from '#http/types';
import { loadTenantSettings } from '#domains/admin/tenantSettings';
import { MAILBOX_PER_MINUTE, MAILBOX_RECIPIENTS_PER_DAY } from './simulate';

/** `tenants.settings.sequences`: what the runner and `sequence.simulate` read (`dailyCap`). */
export type StoredSequenceSettings = { dailyCap?: number | null; updatedAt?: string };

/** The tenant's sequence sending settings as the DTO, read inside the request transaction. */
export async function readSequenceSettings(ctx: OpContext, lock = false): Promise<SequenceSettings> {
  const tenant = await loadTenantSettings(ctx, lock);
  const stored = (tenant.settings as { sequences?: StoredSequenceSettings }).sequences ?? {};
  return {
    tenantId: tenant.id,
    dailyCap: typeof stored.dailyCap === 'number' ? stored.dailyCap : null,
    mailboxLimits: { perMinute: MAILBOX_PER_MINUTE, recipientsPerDay: MAILBOX_RECIPIENTS_PER_DAY },
    updatedAt: stored.updatedAt ?? null,
  };
}
