import type Router from '@koa/router';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { isUuid, uuidv7 } from '#db/ids';
import { systemScope, withTenant } from '#db/tenantTx';
import { workerEmit } from '#domains/events/append';
import { unsubscribeSecret } from '#domains/mail/linkSecret';
import { hasSigningSecret } from './trackingRoute';
import { unsubscribeContact } from './unsubscribe';
import { readUnsubscribe, UNSUBSCRIBE_PATH, verifyUnsubscribe, type UnsubscribeClaim } from './unsubscribeLink';

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head>` +
  `<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem"><h1>${title}</h1>${body}</body></html>`;

/**
 * The public one-click unsubscribe route. GET shows a confirmation form (link scanners prefetch GETs, so a GET
 * changes nothing); POST (the form, or a mail client's RFC 8058 one-click POST) records the suppression, opts
 * the contact out, stops every enrollment of the contact and shows a confirmation page.
 */
export function mountUnsubscribe(router: Router, deps: { knex: Knex; log: Logger }): void {
  router.get(UNSUBSCRIBE_PATH, async (ctx) => {
    const claim = await verified(deps.knex, ctx.params.token ?? '');
    ctx.type = 'html';
    if (!claim) {
      ctx.status = 404;
      ctx.body = page('Link not valid', '<p>This unsubscribe link is not valid.</p>');
      return;
    }
    ctx.body = page(
      'Unsubscribe',
      `<p>Stop receiving these emails?</p><form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
    );
  });
  router.post(UNSUBSCRIBE_PATH, async (ctx) => {
    const token = ctx.params.token ?? '';
    const claim = await verified(deps.knex, token);
    ctx.type = 'html';
    if (!claim) {
      ctx.status = 404;
      ctx.body = page('Link not valid', '<p>This unsubscribe link is not valid.</p>');
      return;
    }
    const now = new Date();
    await withTenant(deps.knex, systemScope(claim.tenantId), async (trx) => {
      const stopped = await unsubscribeContact(
        trx,
        claim.tenantId,
        claim.contactId,
        now,
        workerEmit(trx, claim.tenantId, now, 'unsubscribe'),
        null,
      );
      await trx('auditLog').insert({
        tenantId: claim.tenantId,
        id: uuidv7(),
        at: now,
        actor: 'system:unsubscribe',
        operation: 'unsubscribe.link',
        targetType: 'contact',
        targetId: claim.contactId,
        requestId: ctx.state.requestId ?? uuidv7(),
        before: null,
        after: JSON.stringify({ enrollmentId: claim.enrollmentId, stopped: stopped.map((r) => r.id) }),
      });
      await trx.raw(`select pg_notify('pivotal_events', ?)`, [claim.tenantId]);
    });
    deps.log.info({ tenantId: claim.tenantId }, 'unsubscribed through the one-click link');
    ctx.body = page(
      'You are unsubscribed',
      '<p>You will not receive further emails from this sequence or any other.</p>',
    );
  });
}

async function verified(knex: Knex, token: string): Promise<UnsubscribeClaim | null> {
  const claim = readUnsubscribe(token);
  // Strict ids (36 dashes pass the claim's loose pattern and would fail the database's uuid cast).
  if (
    !claim ||
    !isUuid(claim.tenantId) ||
    !isUuid(claim.contactId) ||
    (claim.enrollmentId !== null && !isUuid(claim.enrollmentId))
  )
    return null;
  const ok = await withTenant(knex, systemScope(claim.tenantId), async (trx) => {
    // Verified before anything is written: a tenant without a secret has signed no link.
    if (!(await hasSigningSecret(trx, claim.tenantId))) return false;
    const contact = await trx('contacts').where({ tenantId: claim.tenantId, id: claim.contactId }).first('id');
    return Boolean(contact) && verifyUnsubscribe(await unsubscribeSecret(trx, claim.tenantId), token);
  });
  return ok ? claim : null;
}
