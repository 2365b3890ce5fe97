import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createAccount, createOpportunity, createPipeline } from '../../helpers/factories';
import { expectCall } from './helpers';

let t: TestApp;
let acme: TestTenant;
let pipelineId: string;

/** Names a spreadsheet would run as formulas (none holds a comma or a quote, so a line splits on `,`). */
const formulas = ["-2+3+cmd|' /C calc'!A0", '-1+1', '-A1*2', '=1+1', '+1+1', '@SUM(A1)', '\t=1+1'];
/** Names that are whole numbers or plain text, exported as they are. */
const plain = ['-25.50', '-3', '-1e3', 'Plain - text'];

beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant();
  pipelineId = (await createPipeline(t.db.ownerKnex, acme.id, { ownerId: acme.users.salesManager.id })).id;
  const accountId = (await createAccount(t.db.ownerKnex, acme.id)).id;
  for (const name of [...formulas, ...plain])
    await createOpportunity(t.db.ownerKnex, acme.id, { pipelineId, accountId, name, ownerId: acme.users.salesRep.id });
});
afterAll(async () => t?.close());

describe('export.create: the CSV formula guard', () => {
  it("prefixes every cell that would start a formula with ', a leading - included unless the cell is a number", async () => {
    const { data } = await expectCall(
      t,
      'export.create',
      { operation: 'opportunity.list', input: { pipelineId }, columns: ['name'] },
      acme.users.salesRep.token,
    );
    const [head, payload] = (data.downloadUrl as string).split(',');
    expect(head).toBe('data:text/csv;charset=utf-8;base64');
    const cells = Buffer.from(payload!, 'base64').toString('utf8').split('\r\n').slice(1, -1);
    expect(cells).toHaveLength(formulas.length + plain.length);
    expect(cells.filter((c) => c.startsWith("'")).sort()).toEqual(formulas.map((f) => `'${f}`).sort());
    expect(cells.filter((c) => !c.startsWith("'")).sort()).toEqual([...plain].sort());
  });
});
