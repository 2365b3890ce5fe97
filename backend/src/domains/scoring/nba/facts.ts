import type { SlaPolicy } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { HUMAN_TOUCH_TYPES } from '../inputs';

type Person = { id: string; name: string; email: string | null };

/** What the Next Best Action rules read of one open opportunity. */
export type DealFacts = {
  id: string;
  name: string;
  stage: string;
  slaPolicy: SlaPolicy;
  stageEnteredAt: Date;
  closeDate: string | null;
  amount: number;
  accountId: string;
  lastActivityAt: Date | null;
  lastInAt: Date | null;
  lastOutAt: Date | null;
  /** Who the last outbound email or call went to: the person a reply is awaited from. */
  waitingOn: Person | null;
  primaryContact: Person | null;
  /** Another person of the account, not yet in touch on this deal (for multi-threading). */
  otherContact: Person | null;
  contactsEngaged: number;
  inSequence: boolean;
  overdueTask: { id: string; title: string; dueAt: Date } | null;
};

type Row = Omit<DealFacts, 'waitingOn' | 'primaryContact' | 'otherContact' | 'overdueTask' | 'amount'> & {
  amount: string;
  waitingOnId: string | null;
  primaryContactId: string | null;
  overdueTaskId: string | null;
  overdueTaskTitle: string | null;
  overdueTaskDue: Date | null;
};

const nameOf = (c: { firstName: string | null; lastName: string | null; email: string | null }) =>
  [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || 'this contact';

/** The facts of a set of open opportunities in four set-based queries. */
export async function dealFacts(
  trx: Knex.Transaction,
  tenantId: string,
  ids: readonly string[],
  now: Date,
  decayDays: number,
): Promise<DealFacts[]> {
  if (ids.length === 0) return [];
  const { rows } = (await trx.raw(
    `WITH batch AS (SELECT unnest(CAST(:ids AS uuid[])) AS id)
     SELECT o.id, o.name, o.stage, p.sla_policy AS "slaPolicy", o.stage_entered_at AS "stageEnteredAt",
            to_char(o.close_date, 'YYYY-MM-DD') AS "closeDate", o.amount::text AS amount, o.account_id AS "accountId",
            o.last_activity_at AS "lastActivityAt", o.primary_contact_id AS "primaryContactId",
            t.last_in_at AS "lastInAt", t.last_out_at AS "lastOutAt", t.waiting_on AS "waitingOnId",
            coalesce(t.contacts_engaged, 0)::int AS "contactsEngaged",
            EXISTS (SELECT 1 FROM sequence_enrollments s WHERE s.tenant_id = o.tenant_id AND s.opportunity_id = o.id
                     AND s.status IN ('active', 'paused')) AS "inSequence",
            k.id AS "overdueTaskId", k.title AS "overdueTaskTitle", k.due_at AS "overdueTaskDue"
       FROM opportunities o
       JOIN batch b ON b.id = o.id
       JOIN pipelines p ON p.tenant_id = o.tenant_id AND p.id = o.pipeline_id
       LEFT JOIN LATERAL (
         SELECT max(e.occurred_at) FILTER (WHERE e.type IN ('email_in', 'call_in', 'meeting')) AS last_in_at,
                max(e.occurred_at) FILTER (WHERE e.type IN ('email_out', 'call_out')) AS last_out_at,
                (array_agg(e.contact_id ORDER BY e.occurred_at DESC)
                   FILTER (WHERE e.type IN ('email_out', 'call_out') AND e.contact_id IS NOT NULL))[1] AS waiting_on,
                count(DISTINCT e.contact_id) FILTER (WHERE e.occurred_at > :since) AS contacts_engaged
           FROM engagements e
          WHERE e.tenant_id = o.tenant_id AND e.opportunity_id = o.id AND e.is_bot = false
            AND e.type = ANY (CAST(:types AS text[])) AND e.occurred_at <= :now
       ) t ON true
       LEFT JOIN LATERAL (
         SELECT id, title, due_at FROM tasks
          WHERE tenant_id = o.tenant_id AND opportunity_id = o.id AND status <> 'completed' AND due_at < :now
          ORDER BY due_at LIMIT 1
       ) k ON true
      WHERE o.tenant_id = :tenantId AND o.status = 'open'`,
    {
      ids: [...ids],
      tenantId,
      now,
      since: new Date(now.getTime() - decayDays * 86_400_000),
      types: [...HUMAN_TOUCH_TYPES],
    },
  )) as { rows: Row[] };
  const personIds = [...new Set(rows.flatMap((r) => [r.waitingOnId, r.primaryContactId]).filter((x) => x !== null))];
  const accountIds = [...new Set(rows.map((r) => r.accountId))];
  const people = await trx('contacts')
    .where({ tenantId })
    .whereIn('id', personIds)
    .select('id', 'firstName', 'lastName', 'email');
  const others = await trx.raw(
    `SELECT "accountId", id, "firstName", "lastName", email FROM (
         SELECT account_id AS "accountId", id, first_name AS "firstName", last_name AS "lastName", email,
                row_number() OVER (PARTITION BY account_id ORDER BY created_at, id) AS n
           FROM contacts WHERE tenant_id = ? AND account_id = ANY (?) AND merged_into_id IS NULL AND opted_out = false
       ) c WHERE n <= 5 ORDER BY "accountId", n`,
    [tenantId, accountIds],
  );
  const byId = new Map(
    (people as { id: string; firstName: string | null; lastName: string | null; email: string | null }[]).map((c) => [
      c.id,
      { id: c.id, name: nameOf(c), email: c.email },
    ]),
  );
  const firstOfAccount = new Map(
    (
      others as {
        rows: {
          accountId: string;
          id: string;
          firstName: string | null;
          lastName: string | null;
          email: string | null;
        }[];
      }
    ).rows.map((c) => [c.accountId, { id: c.id, name: nameOf(c), email: c.email }]),
  );
  return rows.map((r) => {
    const other = firstOfAccount.get(r.accountId) ?? null;
    return {
      ...r,
      slaPolicy: r.slaPolicy ?? {},
      amount: Number(r.amount),
      stageEnteredAt: new Date(r.stageEnteredAt),
      lastActivityAt: r.lastActivityAt ? new Date(r.lastActivityAt) : null,
      lastInAt: r.lastInAt ? new Date(r.lastInAt) : null,
      lastOutAt: r.lastOutAt ? new Date(r.lastOutAt) : null,
      waitingOn: r.waitingOnId ? (byId.get(r.waitingOnId) ?? null) : null,
      primaryContact: r.primaryContactId ? (byId.get(r.primaryContactId) ?? null) : null,
      otherContact: other,
      overdueTask:
        r.overdueTaskId && r.overdueTaskTitle && r.overdueTaskDue
          ? { id: r.overdueTaskId, title: r.overdueTaskTitle, dueAt: new Date(r.overdueTaskDue) }
          : null,
    };
  });
}
