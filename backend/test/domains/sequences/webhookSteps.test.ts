import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '#domains/events/webhooks/signature';
import { createRecordingMailer, httpSequenceWebhooks } from '#domains/sequences/ports';
import { runDueSteps } from '#domains/sequences/runner/run';
import { selfSignedCertificate } from '#integrations/graph/emulator/certificate';
import { overrideOutboundPolicy } from '#security/outboundUrl';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createContact } from '../../helpers/factories';
import { PUBLIC_V4, tableResolver } from '../../helpers/outbound';
import { always, auditOf, expectCall, expectValidation, sequenceCounts } from './helpers';

type Hit = { path: string; headers: Record<string, string | string[] | undefined>; body: string };

let t: TestApp;
let acme: TestTenant;
let globex: TestTenant;
/** An HTTPS receiver on 127.0.0.1 with a certificate for localhost that this process trusts. */
let receiver: https.Server;
let base: string;
const hits: Hit[] = [];
const T0 = '2027-01-04T10:00:00.000Z';
/** What the fence resolves (so `localhost` is 127.0.0.1 only, where the receiver listens). */
const dns: Record<string, string[]> = { localhost: ['127.0.0.1'] };

beforeAll(async () => {
  const { key, cert } = await selfSignedCertificate(1);
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), cert]);
  receiver = https.createServer({ key, cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (req.url === '/redirect') res.writeHead(302, { location: `${base}/elsewhere` }).end();
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  base = `https://localhost:${(receiver.address() as AddressInfo).port}`;
  t = await createTestApp();
  [acme, globex] = [await t.tenant(), await t.tenant()];
});
afterAll(async () => {
  receiver?.closeAllConnections();
  await new Promise((r) => receiver?.close(r));
  await t?.close();
});
afterEach(() => overrideOutboundPolicy({ resolve: tableResolver(dns) }));
beforeAll(() => overrideOutboundPolicy({ resolve: tableResolver(dns) }));

const db = () => t.db.ownerKnex;
const hitsOf = (path: string) => hits.filter((h) => h.path === path);

/** A sequence of one webhook step, with one contact enrolled and due at T0; answers the enrollment id. */
async function enrolledOn(tenant: TestTenant, url: string): Promise<string> {
  const body = {
    name: `Hook ${Math.random()}`,
    goal: 'reply',
    steps: [{ type: 'webhook', url, payload: { campaign: 'q1' } }, { type: 'stop' }],
    sendWindow: always(),
    cooldowns: { perContact: 'PT0S', perSequence: 'PT0S' },
  };
  const sequenceId = (await expectCall(t, 'sequence.create', body, tenant.users.marketer.token)).data.id;
  const contact = await createContact(db(), tenant.id);
  const { data } = await expectCall(
    t,
    'sequence.enroll',
    { sequenceId, targets: [{ contactId: contact.id }], ownerId: tenant.users.salesRep.id, startAt: T0 },
    tenant.users.marketer.token,
  );
  return data.results[0].enrollmentId;
}

/** One runner pass at T0 with the production webhook caller. */
const run = (tenant: TestTenant) =>
  runDueSteps(db(), {
    mailer: createRecordingMailer(),
    webhooks: httpSequenceWebhooks,
    publicUrl: 'https://pivotal.test',
    now: () => new Date(T0),
    tenantIds: [tenant.id],
  });
const enrollment = (id: string) => db()('sequenceEnrollments').where({ id }).first();

describe('sequence webhook steps: signed, fenced, never redirected', () => {
  it('signs each call like event webhooks, with the secret sequence.webhookSecret.rotate answered', async () => {
    const { data } = await expectCall(t, 'sequence.webhookSecret.rotate', {}, acme.users.admin.token);
    expect(data).toMatchObject({ tenantId: acme.id, secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/) });
    const id = await enrolledOn(acme, `${base}/signed`);
    expect((await run(acme)).executed).toBe(1);
    const [hit] = hitsOf('/signed');
    expect(hit).toBeDefined();
    expect(verifyWebhookSignature(data.secret, hit!.body, String(hit!.headers['pivotal-signature']))).toBe(true);
    expect(verifyWebhookSignature('whsec_other', hit!.body, String(hit!.headers['pivotal-signature']))).toBe(false);
    expect(hit!.headers).toMatchObject({
      'idempotency-key': `seq:${id}:s0`,
      'pivotal-delivery': `seq:${id}:s0`,
      'pivotal-event': 'sequence.webhook',
      'content-type': 'application/json',
    });
    expect(JSON.parse(hit!.body)).toMatchObject({ campaign: 'q1', enrollmentId: id, stepKey: 's0' });

    // After a rotation the next call is signed with the new secret only.
    const rotated = (await expectCall(t, 'sequence.webhookSecret.rotate', {}, acme.users.admin.token)).data;
    expect(rotated.secret).not.toBe(data.secret);
    await enrolledOn(acme, `${base}/rotated`);
    await run(acme);
    const [next] = hitsOf('/rotated');
    expect(verifyWebhookSignature(rotated.secret, next!.body, String(next!.headers['pivotal-signature']))).toBe(true);
    expect(verifyWebhookSignature(data.secret, next!.body, String(next!.headers['pivotal-signature']))).toBe(false);
  });

  it('does not follow a redirect: the step fails (to retry later) and the redirect target gets nothing', async () => {
    const id = await enrolledOn(acme, `${base}/redirect`);
    await run(acme);
    expect(hitsOf('/redirect')).toHaveLength(1);
    expect(hitsOf('/elsewhere')).toHaveLength(0);
    expect(await enrollment(id)).toMatchObject({
      status: 'active',
      currentStep: 0,
      attempts: 1,
      meta: { lastError: `webhook_failed: webhook ${base}/redirect answered HTTP 302 (redirects are not followed)` },
    });
  });

  it('refuses a step whose host resolves to a loopback address by the time it runs (DNS rebinding), without connecting', async () => {
    let connections = 0;
    const listener = net.createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
    try {
      dns['hooks.rebind.test'] = [PUBLIC_V4];
      const id = await enrolledOn(acme, `https://hooks.rebind.test:${(listener.address() as AddressInfo).port}/in`);
      dns['hooks.rebind.test'] = ['127.0.0.1'];
      await run(acme);
      expect(await enrollment(id)).toMatchObject({
        status: 'active',
        attempts: 1,
        meta: {
          lastError: 'webhook_failed: hooks.rebind.test resolves to a loopback address; webhook targets must be public',
        },
      });
      expect(connections).toBe(0);
    } finally {
      await new Promise((r) => listener.close(r));
    }
  });
});

describe('sequence.create / sequence.update: webhook step URLs', () => {
  const webhook = (url: string) => ({ type: 'webhook', url });
  const body = (steps: unknown[]) => ({ name: 'Fenced', goal: 'reply', steps, sendWindow: always() });

  it('answers 400 at the step url for private, loopback, metadata, CGNAT and ULA targets, nested ones too, writing nothing', async () => {
    dns['intranet.example.test'] = ['192.168.4.4'];
    const token = acme.users.marketer.token;
    const before = await sequenceCounts(db(), acme.id);
    const cases: [unknown[], string][] = [
      [[webhook('https://10.0.0.1/x')], 'steps.0.url'],
      [[webhook('https://169.254.169.254/latest/meta-data/')], 'steps.0.url'],
      [[webhook('https://100.64.0.1/x')], 'steps.0.url'],
      [[webhook('https://[fd00::1]/x')], 'steps.0.url'],
      [[webhook('https://127.0.0.2/x')], 'steps.0.url'],
      [[webhook('https://user:pass@hooks.example.test/x')], 'steps.0.url'],
      [[webhook('https://intranet.example.test/x')], 'steps.0.url'],
      [
        [
          { type: 'wait', duration: 'P1D' },
          { type: 'branch', when: 'replied', do: [{ type: 'stop' }], else: [webhook('https://192.168.1.1/x')] },
        ],
        'steps.1.else.0.url',
      ],
      [[{ type: 'branch', when: 'opened', do: [webhook('https://metadata.google.internal/x')] }], 'steps.0.do.0.url'],
    ];
    for (const [steps, path] of cases) {
      const res = await t.call('sequence.create', body(steps), token);
      expectValidation(res, path);
      expect(res.body.error.details.issues.find((i: { path: string }) => i.path === path).code).toBe(
        'forbidden_target',
      );
    }
    expect(await sequenceCounts(db(), acme.id)).toEqual(before);
  });

  it('refuses the same on update, and https://localhost in production mode', async () => {
    const created = (
      await expectCall(t, 'sequence.create', body([webhook('https://hooks.example.test/x')]), acme.users.marketer.token)
    ).data;
    const before = await sequenceCounts(db(), acme.id);
    expectValidation(
      await t.call(
        'sequence.update',
        { id: created.id, steps: [{ type: 'wait', duration: 'P1D' }, webhook('https://172.20.0.3/x')] },
        acme.users.marketer.token,
      ),
      'steps.1.url',
    );
    overrideOutboundPolicy({ production: true, resolve: tableResolver(dns) });
    expectValidation(
      await t.call('sequence.update', { id: created.id, steps: [webhook(`${base}/x`)] }, acme.users.marketer.token),
      'steps.0.url',
    );
    expect(await sequenceCounts(db(), acme.id)).toEqual(before);
  });
});

describe('sequence.webhookSecret.rotate', () => {
  const row = (tenantId: string) => db()('sequenceWebhookSecrets').where({ tenantId }).first();

  it('stores the secret sealed, audits without it, replays an Idempotency-Key without it, and keeps tenants apart', async () => {
    const theirs = (await expectCall(t, 'sequence.webhookSecret.rotate', {}, globex.users.admin.token)).data;
    const theirRow = await row(globex.id);
    const headers = { 'idempotency-key': `rot-${Date.now()}` };
    const first = await expectCall(t, 'sequence.webhookSecret.rotate', {}, acme.users.admin.token, 200, headers);
    const again = await t.call('sequence.webhookSecret.rotate', {}, acme.users.admin.token, { headers });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.data.secret).not.toBe(first.data.secret);
    expect(again.body.data.rotatedAt).toBe(first.data.rotatedAt);
    const stored = await row(acme.id);
    expect(Buffer.from(stored.secretSealed).includes(Buffer.from(first.data.secret))).toBe(false);
    expect(stored.rotatedAt.toISOString()).toBe(first.data.rotatedAt);
    const audits = await auditOf(db(), acme.id, 'sequence.webhookSecret.rotate');
    expect(audits.length).toBeGreaterThan(0);
    expect(JSON.stringify(audits)).not.toContain(first.data.secret);
    expect(await row(globex.id)).toEqual(theirRow);
    expect(theirs.secret).not.toBe(first.data.secret);
  });

  it('answers 403 to roles without webhook.manage and 400 to a body that is not an object, changing nothing', async () => {
    const before = await row(acme.id);
    for (const role of ['marketer', 'salesManager', 'analyst', 'clientViewer'] as const) {
      expect((await t.call('sequence.webhookSecret.rotate', {}, acme.users[role].token)).status, role).toBe(403);
    }
    const bad = await t.call('sequence.webhookSecret.rotate', [], acme.users.admin.token);
    expect([bad.status, bad.body.error.code]).toEqual([400, 'validation_failed']);
    expect(await row(acme.id)).toEqual(before);
  });
});
