import type Router from '@koa/router';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { systemScope, withTenant } from '#db/tenantTx';
import { unsubscribeSecret } from '#domains/mail/linkSecret';
import { readTracking, TRACKING_PATH, verifyTracking } from '#domains/mail/trackingLink';
import { recordTrackingHit } from './tracking';

/** True when the tenant has its link-signing secret (made when its first link was signed); reads only. */
export async function hasSigningSecret(trx: Knex.Transaction, tenantId: string): Promise<boolean> {
  return Boolean(await trx('unsubscribeSecrets').where({ tenantId }).first('tenantId'));
}

/** A transparent 1x1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * The public tracking route of sequence emails and tracked manual sends: a token without a URL is the open pixel (answers a GIF), one
 * with a URL is a click (redirects there). Each hit is stored with its `is_bot` flag; a bad token answers 404 and
 * writes nothing (the signature is checked first).
 */
export function mountTracking(router: Router, deps: { knex: Knex; log: Logger }): void {
  router.get(TRACKING_PATH, async (ctx) => {
    const token = ctx.params.token ?? '';
    const claim = readTracking(token);
    const at = new Date();
    const recorded =
      claim &&
      (await withTenant(deps.knex, systemScope(claim.tenantId, 'all'), async (trx) => {
        // Verify before anything is written: a tenant without a secret never signed a link (and an unknown tenant id
        // must not make one), and a forged signature ends here.
        if (!(await hasSigningSecret(trx, claim.tenantId))) return null;
        if (!verifyTracking(await unsubscribeSecret(trx, claim.tenantId), token)) return null;
        return recordTrackingHit(trx, {
          tenantId: claim.tenantId,
          sendKey: claim.sendKey,
          kind: claim.url ? 'click' : 'open',
          userAgent: ctx.get('user-agent') || null,
          url: claim.url,
          at,
        });
      }));
    if (!claim || !recorded) {
      ctx.status = 404;
      ctx.body = 'Not found';
      return;
    }
    ctx.set('cache-control', 'no-store, private');
    if (claim.url) {
      ctx.redirect(claim.url);
      return;
    }
    ctx.type = 'image/gif';
    ctx.body = PIXEL;
  });
}
