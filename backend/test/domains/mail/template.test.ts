import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { audits, count, expectError, expectInvalid, ok, row } from '../directory/checks';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
let foreignId: string;
beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant('acme');
  other = await t.tenant('other');
  foreignId = ok(
    await t.call(
      'template.create',
      { name: 'Foreign', subject: 'Hi', body: { contentType: 'text', content: 'x' } },
      other.users.marketer.token,
    ),
  ).id;
});
afterAll(async () => t?.close());

const templates = () => count(t, 'templates', { tenantId: acme.id });
const marketer = () => acme.users.marketer.token;
const body = (content: string) => ({ contentType: 'html', content });

describe('template.create', () => {
  it('creates a template with its merge tags and a key derived from the name, and audits it', async () => {
    const created = ok(
      await t.call(
        'template.create',
        {
          name: 'Follow-up #1',
          subject: 'Hello {{contact.firstName|there}}',
          body: body('<p>{{account.name}} and {{ opportunity.name }} from {{sender.name}}</p>'),
          clientId: acme.clientId,
        },
        marketer(),
      ),
    );
    expect(created).toMatchObject({
      key: 'tpl_follow_up_1',
      mergeTags: ['contact.firstName', 'account.name', 'opportunity.name', 'sender.name'],
      ownerId: acme.users.marketer.id,
      clientId: acme.clientId,
      archivedAt: null,
      version: 1,
    });
    expect(await row(t, 'templates', acme.id, created.id)).toMatchObject({
      key: 'tpl_follow_up_1',
      bodyType: 'html',
      status: 'active',
    });
    expect(await audits(t, acme.id, 'template.create', created.id)).toHaveLength(1);
    const again = ok(
      await t.call('template.create', { name: 'Follow-up #1', subject: 'x', body: body('y') }, marketer()),
    );
    expect(again.key).toBe('tpl_follow_up_1_2');
  });

  it('refuses an unknown merge tag or unbalanced braces (400 at the field) and writes nothing', async () => {
    const before = await templates();
    const unknown = await t.call(
      'template.create',
      { name: 'X', subject: 'Hi', body: body('Dear {{contact.nickname}}') },
      marketer(),
    );
    expectInvalid(unknown, 'body.content');
    expect(unknown.body.error.details.issues[0].message).toContain('unknown merge tag {{contact.nickname}}');
    expectInvalid(
      await t.call('template.create', { name: 'X', subject: 'Hi {{contact.firstName', body: body('x') }, marketer()),
      'subject',
    );
    expectInvalid(await t.call('template.create', { name: '', subject: 'Hi', body: body('x') }, marketer()), 'name');
    expectInvalid(
      await t.call('template.create', { name: 'X', key: 'Bad Key', subject: 'Hi', body: body('x') }, marketer()),
      'key',
    );
    expect(await templates()).toBe(before);
  });

  it("refuses a taken key (409) and another tenant's client (422)", async () => {
    ok(
      await t.call('template.create', { name: 'Exec', key: 'tpl_ai_exec', subject: 'a', body: body('b') }, marketer()),
    );
    const before = await templates();
    expectError(
      await t.call(
        'template.create',
        { name: 'Exec 2', key: 'tpl_ai_exec', subject: 'a', body: body('b') },
        marketer(),
      ),
      409,
      'already_exists',
    );
    expectError(
      await t.call(
        'template.create',
        { name: 'X', subject: 'a', body: body('b'), clientId: other.clientId },
        marketer(),
      ),
      422,
      'reference_invalid',
    );
    expect(await templates()).toBe(before);
  });

  it('refuses roles without template.manage (403)', async () => {
    expectError(
      await t.call('template.create', { name: 'X', subject: 'a', body: body('b') }, acme.users.salesRep.token),
      403,
      'forbidden',
    );
    expectError(
      await t.call('template.create', { name: 'X', subject: 'a', body: body('b') }, acme.users.clientViewer.token),
      403,
      'forbidden',
    );
  });
});

describe('template.update', () => {
  it('changes subject and body, recomputes the tags, bumps the version and audits before/after', async () => {
    const tpl = ok(await t.call('template.create', { name: 'Nudge', subject: 'Hi', body: body('x') }, marketer()));
    const updated = ok(
      await t.call(
        'template.update',
        { id: tpl.id, subject: 'Hi {{contact.firstName}}', expectedVersion: 1 },
        acme.users.salesManager.token,
      ),
    );
    expect(updated).toMatchObject({
      subject: 'Hi {{contact.firstName}}',
      mergeTags: ['contact.firstName'],
      version: 2,
      body: { content: 'x' },
    });
    const [audit] = await audits(t, acme.id, 'template.update', tpl.id);
    expect(audit!.before).toMatchObject({ version: 1 });
    expectError(
      await t.call('template.update', { id: tpl.id, name: 'Stale', expectedVersion: 1 }, marketer()),
      409,
      'version_conflict',
    );
  });

  it('refuses an unknown tag (400) and changes nothing; an archived template is read-only (409)', async () => {
    const tpl = ok(await t.call('template.create', { name: 'Locked', subject: 'Hi', body: body('x') }, marketer()));
    expectInvalid(
      await t.call('template.update', { id: tpl.id, body: body('{{deal.value}}') }, marketer()),
      'body.content',
    );
    expect((await row(t, 'templates', acme.id, tpl.id)).version).toBe(1);
    ok(await t.call('template.archive', { id: tpl.id }, marketer()));
    expectError(await t.call('template.update', { id: tpl.id, name: 'Y' }, marketer()), 409, 'invalid_state');
  });

  it("answers 404 for another tenant's template and leaves it unchanged; 403 without template.manage", async () => {
    expectError(await t.call('template.update', { id: foreignId, name: 'Hijacked' }, marketer()), 404, 'not_found');
    expect((await row(t, 'templates', other.id, foreignId)).name).toBe('Foreign');
    expectError(await t.call('template.update', { id: foreignId, name: 'X' }, acme.users.qa.token), 403, 'forbidden');
  });
});

describe('template.archive', () => {
  it('archives once (archiving again changes nothing) and hides it from the default list', async () => {
    const tpl = ok(await t.call('template.create', { name: 'Zulu old', subject: 'Hi', body: body('x') }, marketer()));
    const archived = ok(await t.call('template.archive', { id: tpl.id, expectedVersion: 1 }, marketer()));
    expect(archived).toMatchObject({ version: 2 });
    expect(archived.archivedAt).not.toBeNull();
    expect(ok(await t.call('template.archive', { id: tpl.id }, marketer())).version).toBe(2);
    const names = (await t.call('template.list', { q: 'zulu' }, marketer())).body.data.map((x: any) => x.id);
    expect(names).not.toContain(tpl.id);
    const all = (await t.call('template.list', { q: 'zulu', includeArchived: true }, marketer())).body.data.map(
      (x: any) => x.id,
    );
    expect(all).toContain(tpl.id);
  });

  it('answers 400 on a bad id, 404 across tenants, 403 without template.manage', async () => {
    expectInvalid(await t.call('template.archive', { id: 'nope' }, marketer()), 'id');
    expectError(await t.call('template.archive', { id: foreignId }, marketer()), 404, 'not_found');
    expectError(await t.call('template.archive', { id: foreignId }, acme.users.analyst.token), 403, 'forbidden');
    expect((await row(t, 'templates', other.id, foreignId)).status).toBe('active');
  });
});

describe('template.list', () => {
  it('walks templates by name through the SDK without duplicates and filters by client and text', async () => {
    for (const name of ['Bravo', 'Alpha', 'Charlie'])
      ok(
        await t.call(
          'template.create',
          { name: `List ${name}`, subject: 's', body: body('b'), clientId: acme.clientId },
          marketer(),
        ),
      );
    const seen: any[] = [];
    for await (const x of t.client(acme.users.analyst.token).template.list({ limit: 2 })) seen.push(x);
    expect(new Set(seen.map((x) => x.id)).size).toBe(seen.length);
    expect(seen.map((x) => x.id)).not.toContain(foreignId);
    const names = seen.map((x) => x.name);
    expect(names).toEqual([...names].sort());
    const listed = (await t.call('template.list', { q: 'list ', clientId: acme.clientId }, marketer())).body.data.map(
      (x: any) => x.name,
    );
    expect(listed).toEqual(['List Alpha', 'List Bravo', 'List Charlie']);
  });

  it('refuses bad input (400) and client roles (403)', async () => {
    expectInvalid(await t.call('template.list', { clientId: 'x' }, marketer()), 'clientId');
    expectError(await t.call('template.list', {}, acme.users.clientViewer.token), 403, 'forbidden');
  });
});

describe('template.get', () => {
  it('gets a template; 404 for another tenant; 400 on a bad id; 403 for client roles', async () => {
    const tpl = ok(await t.call('template.create', { name: 'Get me', subject: 's', body: body('b') }, marketer()));
    expect(ok(await t.call('template.get', { id: tpl.id }, acme.users.salesRep.token))).toMatchObject({
      id: tpl.id,
      name: 'Get me',
    });
    expectError(await t.call('template.get', { id: foreignId }, marketer()), 404, 'not_found');
    expectInvalid(await t.call('template.get', { id: 1 }, marketer()), 'id');
    expectError(await t.call('template.get', { id: tpl.id }, acme.users.clientApprover.token), 403, 'forbidden');
  });
});
