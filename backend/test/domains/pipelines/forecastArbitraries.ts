import fc from 'fast-check';
import type { Knex } from 'knex';
import { uuidv7 } from '#db/ids';
import { formatCents, type RefOpportunity } from './forecastReference';

/** Random opportunities for forecast property tests: exact cents, probabilities in basis points. */
export function arbForecastOpportunity(owners: readonly string[], clientId: string) {
  return fc.record({
    amountCents: fc.bigInt({ min: -100_000_00n, max: 9_999_999_999_99n }),
    probability: fc.oneof(fc.integer({ min: 0, max: 10000 }), fc.constantFrom(0, 5000, 9000, 8999, 10000)),
    tags: fc.subarray(['commit', 'vip']),
    status: fc.constantFrom('open', 'open', 'open', 'won', 'lost', 'onHold'),
    currency: fc.constantFrom('EUR', 'EUR', 'EUR', 'USD'),
    stage: fc.constantFrom('qualification', 'proposal', 'negotiation'),
    ownerId: fc.constantFrom(...owners),
    clientId: fc.constantFrom(null, clientId),
    closeDate: fc.option(
      fc.integer({ min: 0, max: 364 }).map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10)),
    ),
  });
}

/** One value of `arbForecastOpportunity`. */
export type GeneratedOpportunity = ReturnType<typeof arbForecastOpportunity> extends fc.Arbitrary<infer T> ? T : never;

/** Inserts generated opportunities into a pipeline and answers them as reference rows. */
export async function insertGenerated(
  db: Knex,
  where: { tenantId: string; pipelineId: string; accountId: string; projectId: string },
  generated: readonly GeneratedOpportunity[],
): Promise<RefOpportunity[]> {
  const opps: RefOpportunity[] = generated.map((g) => ({
    ...g,
    status: g.status as RefOpportunity['status'],
    projectId: g.clientId ? where.projectId : null,
  }));
  if (opps.length) {
    await db('opportunities').insert(
      opps.map((o, i) => ({
        tenantId: where.tenantId,
        id: uuidv7(),
        pipelineId: where.pipelineId,
        name: `P${i}`,
        accountId: where.accountId,
        ownerId: o.ownerId,
        stage: o.stage,
        amount: formatCents(o.amountCents),
        currency: o.currency,
        probability: o.probability / 10000,
        tags: o.tags,
        status: o.status,
        clientId: o.clientId,
        projectId: o.projectId,
        closeDate: o.closeDate,
      })),
    );
  }
  return opps;
}
