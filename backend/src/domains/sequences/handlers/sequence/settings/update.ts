import type { Handler } from '#http/types';
import { assertTenantWide } from '#domains/admin/tenantSettings';
import { readSequenceSettings } from '#domains/sequences/settings';

/**
 * Sets (or, with null, removes) the tenant's daily cap of automated sequence email. The runner and
 * `sequence.simulate` read it from `tenants.settings.sequences.dailyCap` on their next batch.
 */
export const sequenceSettingsUpdate: Handler<'sequence.settings.update'> = async (input, ctx) => {
  assertTenantWide(ctx);
  const before = await readSequenceSettings(ctx, true);
  const updatedAt = ctx.now.toISOString();
  await ctx
    .trx('tenants')
    .where({ id: ctx.principal.tenantId })
    .update({
      settings: ctx.trx.raw(
        `jsonb_set(coalesce(settings, '{}'::jsonb), '{sequences}', coalesce(settings->'sequences', '{}'::jsonb) || ?::jsonb)`,
        [JSON.stringify({ dailyCap: input.dailyCap, updatedAt })],
      ),
    });
  const after = { ...before, dailyCap: input.dailyCap, updatedAt };
  await ctx.audit({ targetType: 'tenant', targetId: ctx.principal.tenantId, before, after });
  return after;
};
