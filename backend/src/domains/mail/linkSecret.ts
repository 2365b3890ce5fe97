import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { openText, seal } from '#security/sealing';

/**
 * The tenant's secret that signs the links in outgoing mail (unsubscribe and tracking links), made on first use and
 * stored sealed under the tenant's data key (RLS: the transaction must be scoped to the tenant).
 */
export async function unsubscribeSecret(trx: Knex.Transaction, tenantId: string): Promise<Buffer> {
  const find = async () =>
    (
      (await trx('unsubscribeSecrets').where({ tenantId }).first('secretSealed')) as
        { secretSealed: Buffer } | undefined
    )?.secretSealed;
  let sealed = await find();
  if (!sealed) {
    const fresh = await seal(trx, tenantId, randomBytes(32).toString('base64url'));
    // A concurrent first use may win: both then use the winner's secret.
    await trx.raw(
      'INSERT INTO unsubscribe_secrets (tenant_id, secret_sealed) VALUES (?, ?) ON CONFLICT (tenant_id) DO NOTHING',
      [tenantId, fresh],
    );
    sealed = await find();
  }
  if (!sealed) throw new Error('no unsubscribe secret visible: is the transaction scoped to the tenant?');
  return Buffer.from(await openText(trx, tenantId, sealed), 'base64url');
}
