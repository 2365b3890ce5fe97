import type { Handler } from '#http/types';
import { assertTenantWide } from '#domains/admin/tenantSettings';
import { rotateSequenceWebhookSecret } from '#domains/sequences/webhookSecret';

/**
 * Replaces the tenant's signing secret of sequence webhook steps and answers it, this once (a replayed
 * Idempotency-Key answers without it). Audited without the secret.
 */
export const sequenceWebhookSecretRotate: Handler<'sequence.webhookSecret.rotate'> = async (_input, ctx) => {
  assertTenantWide(ctx);
  const { tenantId } = ctx.principal;
  const secret = await rotateSequenceWebhookSecret(ctx.trx, tenantId, ctx.now);
  const rotatedAt = ctx.now.toISOString();
  await ctx.audit({ targetType: 'tenant', targetId: tenantId, after: { sequenceWebhookSecret: 'rotated', rotatedAt } });
  return { tenantId, secret, rotatedAt };
};
