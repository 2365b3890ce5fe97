import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/db/ids';
import { systemScope, withTenant } from '../../../src/db/tenantTx';
import { PREFETCH_WINDOW_MS, recordTrackingHit } from '../../../src/domains/sequences/tracking';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createContact, createEngagement, createOpportunity } from '../../helpers/factories';
import { expectCall, expectValidation, setRbac } from '../pipelines/helpers';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
const now = new Date();
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const HUMAN_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

/** A sequence with `n` emails sent an hour ago; answers its id and the send keys. */
async function sequenceWithSends(tenant: TestTenant, n: number) {
  const db = t.db.ownerKnex;
  const sequenceId = uuidv7();
  await db('sequences').insert({ tenantId: tenant.id, id: sequenceId, name: `Seq ${sequenceId}`, status: 'active' });
  await db('sequenceVersions').insert({
    tenantId: tenant.id,
    sequenceId,
    version: 1,
    steps: '[]',
    sendWindow: '{}',
    cooldowns: '{}',
    guardrails: '{}',
  });
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    const contact = await createContact(db, tenant.id);
    const enrollmentId = uuidv7();
    await db('sequenceEnrollments').insert({
      tenantId: tenant.id,
      id: enrollmentId,
      sequenceId,
      contactId: contact.id,
      ownerId: tenant.users.salesRep.id,
    });
    const key = `seq:${enrollmentId}:0`;
    await db('sequenceSends').insert({
      tenantId: tenant.id,
      id: uuidv7(),
      key,
      sequenceId,
      enrollmentId,
      stepKey: '0',
      stepIndex: 0,
      contactId: contact.id,
      mailboxUserId: tenant.users.salesRep.id,
      toEmail: contact.email,
      subject: 'Hello',
      html: '<p>Hi</p>',
      status: 'sent',
      sentAt: hoursAgo(1),
    });
    keys.push(key);
  }
  return { sequenceId, keys };
}

const hit = (tenantId: string, sendKey: string, kind: 'open' | 'click', userAgent: string | null, at: Date) =>
  withTenant(t.db.ownerKnex, systemScope(tenantId, 'all'), (trx) =>
    recordTrackingHit(trx, { tenantId, sendKey, kind, userAgent, at }),
  );

const period = {
  from: hoursAgo(24 * 7)
    .toISOString()
    .slice(0, 10),
  to: now.toISOString().slice(0, 10),
};
const metrics = async (input: Record<string, unknown>, token = acme.users.salesManager.token) =>
  (await expectCall(t, 'engagement.metrics.get', { period, ...input }, token)).data;

beforeAll(async () => {
  t = await createTestApp();
  [acme, other] = [await t.tenant(), await t.tenant()];
});
afterAll(async () => t?.close());

describe('engagement.metrics.get', () => {
  it('counts human opens and clicks beside the raw hits, with the reason of every machine verdict', async () => {
    const { sequenceId, keys } = await sequenceWithSends(acme, 3);
    const sentAt = hoursAgo(1);
    await hit(acme.id, keys[0]!, 'open', HUMAN_UA, hoursAgo(0.5));
    await hit(acme.id, keys[0]!, 'open', HUMAN_UA, hoursAgo(0.4));
    await hit(acme.id, keys[0]!, 'click', HUMAN_UA, hoursAgo(0.4));
    await hit(acme.id, keys[1]!, 'open', 'Mozilla/5.0 (compatible; Barracuda Sentinel)', hoursAgo(0.5));
    await hit(acme.id, keys[1]!, 'click', HUMAN_UA, new Date(sentAt.getTime() + PREFETCH_WINDOW_MS / 2));
    await hit(acme.id, keys[2]!, 'open', null, hoursAgo(0.5));
    await hit(acme.id, keys[2]!, 'open', 'Googlebot/2.1 (+http://www.google.com/bot.html)', hoursAgo(0.5));
    const m = await metrics({ sequenceId });
    expect([m.rawOpens, m.humanOpens, m.rawClicks, m.humanClicks]).toEqual([5, 1, 2, 1]);
    expect(m.emailsSent).toBe(3);
    expect(m.botHits).toEqual([
      { reason: 'no_user_agent', opens: 1, clicks: 0 },
      { reason: 'bot_user_agent', opens: 1, clicks: 0 },
      { reason: 'mail_scanner', opens: 1, clicks: 0 },
      { reason: 'prefetch_window', opens: 0, clicks: 1 },
    ]);
  });

  it('counts replies, calls, connects and meetings from the engagement log, with their rates', async () => {
    const db = t.db.ownerKnex;
    const opp = await createOpportunity(db, other.id, { ownerId: other.users.salesRep.id });
    const log = (type: string, meta: Record<string, unknown> = {}) =>
      createEngagement(db, other.id, {
        accountId: opp.accountId,
        opportunityId: opp.id,
        type,
        meta,
        occurredAt: hoursAgo(2),
      } as never);
    for (let i = 0; i < 4; i++) await log('email_out');
    await log('email_in');
    await log('call_out', { disposition: 'connected' });
    await log('call_out', { disposition: 'no_answer' });
    await log('meeting');
    await log('note');
    const m = (await expectCall(t, 'engagement.metrics.get', { period }, other.users.salesManager.token)).data;
    expect(m).toMatchObject({
      emailsSent: 4,
      replies: 1,
      replyRate: 0.25,
      calls: 2,
      callsConnected: 1,
      connectRate: 0.5,
      meetingsSet: 1,
      meetingSetRate: 0.5,
    });
  });

  it('never counts more human than raw, and every raw hit is human or a machine with a reason (property)', async () => {
    const { sequenceId, keys } = await sequenceWithSends(acme, 4);
    const agents = fc.constantFrom(HUMAN_UA, null, '', 'curl/8.0', 'Mimecast Link Scanner', 'Mozilla/5.0 (iPhone)');
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            send: fc.integer({ min: 0, max: 3 }),
            kind: fc.constantFrom('open', 'click') as fc.Arbitrary<'open' | 'click'>,
            ua: agents,
            secs: fc.integer({ min: 0, max: 3000 }),
          }),
          { maxLength: 8 },
        ),
        async (hits) => {
          for (const h of hits)
            await hit(acme.id, keys[h.send]!, h.kind, h.ua, new Date(hoursAgo(1).getTime() + h.secs * 1000));
          const m = await metrics({ sequenceId });
          expect(m.humanOpens).toBeLessThanOrEqual(m.rawOpens);
          expect(m.humanClicks).toBeLessThanOrEqual(m.rawClicks);
          const machine = (k: 'opens' | 'clicks') =>
            m.botHits.reduce((n: number, r: Record<string, number>) => n + r[k]!, 0);
          const humanHits = await t.db
            .ownerKnex('sequenceSendEvents')
            .where({ tenantId: acme.id, sequenceId, isBot: false })
            .count({ n: '*' });
          expect(machine('opens') + machine('clicks') + Number(humanHits[0]!.n)).toBe(m.rawOpens + m.rawClicks);
        },
      ),
      { numRuns: 20 },
    );
  });

  it("answers 400 naming the field, 422 for another tenant's sequence, 403 without analytics.read", async () => {
    expectValidation(
      await t.call(
        'engagement.metrics.get',
        { period: { from: '2026-12-05', to: '2026-12-01' } },
        acme.users.admin.token,
      ),
      'period.to',
    );
    expectValidation(await t.call('engagement.metrics.get', {}, acme.users.admin.token), 'period');
    const { sequenceId } = await sequenceWithSends(other, 0);
    const res = await t.call('engagement.metrics.get', { period, sequenceId }, acme.users.admin.token);
    expect([res.status, res.body.error.code]).toEqual([422, 'reference_invalid']);
    await setRbac(t, other.id, { analyst: { revoke: ['analytics.read'] } });
    expect((await t.call('engagement.metrics.get', { period }, other.users.analyst.token)).status).toBe(403);
  });
});
