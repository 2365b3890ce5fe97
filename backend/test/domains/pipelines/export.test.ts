import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations, type Opportunity } from '@pivotal-pm/sdk';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createAccount, createOpportunity, createPipeline } from '../../helpers/factories';
import { auditOf, eventsOf, expectCall, expectValidation, setRbac, tableCounts } from './helpers';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
let scoped: TestTenant;
const ids = { internal: '', northwind: '', scopedNorthwind: '' };

/** The CSV text of an export's data: URL, split into rows of cells (quotes handled; no newlines in our cells). */
function csvRows(downloadUrl: string): string[][] {
  const [head, payload] = downloadUrl.split(',');
  expect(head).toBe('data:text/csv;charset=utf-8;base64');
  const text = Buffer.from(payload!, 'base64').toString('utf8');
  expect(text.endsWith('\r\n')).toBe(true);
  return text.slice(0, -2).split('\r\n').map(parseLine);
}

/** One RFC 4180 line into cells. */
function parseLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else {
      cell += c;
    }
  }
  cells.push(cell);
  return cells;
}

beforeAll(async () => {
  t = await createTestApp();
  [acme, other, scoped] = [await t.tenant(), await t.tenant(), await t.tenant()];
  const db = t.db.ownerKnex;
  ids.internal = (await createPipeline(db, acme.id, { ownerId: acme.users.salesManager.id })).id;
  ids.northwind = (
    await createPipeline(db, acme.id, { ownerId: acme.users.salesManager.id, clientId: acme.clientId })
  ).id;
  const account = (await createAccount(db, acme.id)).id;
  const names = ['Plain', 'Comma, "quoted"', '=HYPERLINK("x")', 'Negative'];
  for (const [i, name] of names.entries()) {
    await createOpportunity(db, acme.id, {
      pipelineId: ids.internal,
      accountId: account,
      name,
      amount: i === 3 ? '-25.50' : '100.00',
      tags: ['a', 'b'],
      ownerId: acme.users.salesRep.id,
    });
  }
  await createOpportunity(db, acme.id, {
    pipelineId: ids.northwind,
    clientId: acme.clientId,
    accountId: account,
    status: 'won',
  });
  await createOpportunity(db, other.id, { name: 'Foreign' });
  ids.scopedNorthwind = (await createPipeline(db, scoped.id, { clientId: scoped.clientId })).id;
  await createOpportunity(db, scoped.id, {
    pipelineId: ids.scopedNorthwind,
    clientId: scoped.clientId,
    name: 'Visible',
  });
  await createOpportunity(db, scoped.id, { name: 'Internal secret' });
  await setRbac(t, scoped.id, {
    clientViewer: { grant: ['export.create'] },
    analyst: { revoke: ['opportunity.read'] },
  });
});
afterAll(async () => t?.close());

describe('export.create', () => {
  it('exports every row of opportunity.list with its filters as inline CSV, escaped, in list order, and audits it', async () => {
    const input = {
      operation: 'opportunity.list',
      input: { pipelineId: ids.internal, limit: 1, cursor: 'ignored' },
      columns: ['name', 'amount', 'tags', 'closeDate'],
    };
    const { data } = await expectCall(t, 'export.create', input, acme.users.salesRep.token);
    expect(data).toMatchObject({ contentType: 'text/csv', rowCount: 4 });
    expect(data.fileName).toMatch(/^opportunity-list-\d{8}T\d{6}Z\.csv$/);
    expect(Date.parse(data.expiresAt)).toBeGreaterThan(Date.now());
    const listed = (await expectCall(t, 'opportunity.list', { pipelineId: ids.internal }, acme.users.salesRep.token))
      .data as Opportunity[];
    const rows = csvRows(data.downloadUrl);
    expect(rows[0]).toEqual(['name', 'amount', 'tags', 'closeDate']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(listed.map((o) => (o.name.startsWith('=') ? `'${o.name}` : o.name)));
    expect(rows.find((r) => r[0] === 'Comma, "quoted"')).toEqual(['Comma, "quoted"', '100.00', '["a","b"]', '']);
    expect(rows.find((r) => r[0] === 'Negative')![1]).toBe('-25.50');
    const [audit] = await auditOf(t.db.ownerKnex, acme.id, 'export.create');
    expect(audit).toMatchObject({
      targetType: 'export',
      targetId: data.id,
      after: { operation: 'opportunity.list', rowCount: 4 },
    });
    expect(await eventsOf(t.db.ownerKnex, acme.id)).toEqual([]);
  });

  it('defaults to every DTO column, and exports other lists (pipeline.list) the same way', async () => {
    const { data } = await expectCall(t, 'export.create', { operation: 'opportunity.list' }, acme.users.analyst.token);
    const rows = csvRows(data.downloadUrl);
    expect(rows[0]).toEqual(Object.keys((operations['opportunity.get'].output as unknown as { shape: object }).shape));
    expect(rows).toHaveLength(1 + 5);
    expect(rows.flat()).not.toContain('Foreign');
    const pipelines = await expectCall(
      t,
      'export.create',
      { operation: 'pipeline.list', columns: ['name', 'active'] },
      acme.users.marketer.token,
    );
    expect(pipelines.data.rowCount).toBe(2);
  });

  it('keeps client-confined callers to their clients, and checks the list permission too', async () => {
    const { data } = await expectCall(
      t,
      'export.create',
      { operation: 'opportunity.list', columns: ['name'] },
      scoped.users.clientViewer.token,
    );
    expect(csvRows(data.downloadUrl)).toEqual([['name'], ['Visible']]);
    const denied = await t.call('export.create', { operation: 'opportunity.list' }, scoped.users.analyst.token);
    expect([denied.status, denied.body.error.code]).toEqual([403, 'forbidden']);
    expect(
      (await expectCall(t, 'export.create', { operation: 'pipeline.list' }, scoped.users.analyst.token)).data.rowCount,
    ).toBe(2);
  });

  it('answers 400 naming the field (operation, a filter, a column), writing nothing', async () => {
    const before = await tableCounts(t.db.ownerKnex, acme.id);
    expectValidation(
      await t.call('export.create', { operation: 'opportunity.delete' }, acme.users.admin.token),
      'operation',
    );
    expectValidation(
      await t.call(
        'export.create',
        { operation: 'opportunity.list', input: { status: 'closed' } },
        acme.users.admin.token,
      ),
      'input.status',
    );
    expectValidation(
      await t.call(
        'export.create',
        { operation: 'opportunity.list', columns: ['name', 'password'] },
        acme.users.admin.token,
      ),
      'columns.1',
    );
    expectValidation(
      await t.call('export.create', { operation: 'opportunity.list', format: 'xlsx' }, acme.users.admin.token),
      'format',
    );
    expect(await tableCounts(t.db.ownerKnex, acme.id)).toEqual(before);
  });

  it("never exports another tenant's rows (its ids match nothing), and answers 403 without export.create", async () => {
    const foreignPipeline = (await t.db.ownerKnex('pipelines').where({ tenantId: other.id }).first()).id as string;
    const { data } = await expectCall(
      t,
      'export.create',
      { operation: 'opportunity.list', input: { pipelineId: foreignPipeline } },
      acme.users.admin.token,
    );
    expect(data.rowCount).toBe(0);
    expect(csvRows(data.downloadUrl)).toHaveLength(1);
    const before = await tableCounts(t.db.ownerKnex, acme.id);
    for (const role of ['qa', 'clientViewer', 'clientApprover'] as const) {
      expect(
        (await t.call('export.create', { operation: 'opportunity.list' }, acme.users[role].token)).status,
        role,
      ).toBe(403);
    }
    expect(await tableCounts(t.db.ownerKnex, acme.id)).toEqual(before);
  });
});
