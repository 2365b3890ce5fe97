import type { SlaPolicy } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import type { ContactInputs, OpportunityInputs } from './factors';

/** Engagement types that are a human touch with a customer (notes, tasks and campaign events are not). */
export const HUMAN_TOUCH_TYPES = ['email_in', 'email_out', 'call_in', 'call_out', 'meeting'] as const;
/** Engagement types in which a contact answered or showed up. */
const RESPONSE_TYPES = ['email_in', 'call_in', 'meeting'] as const;

const LIVE_OR_DONE = ['active', 'paused', 'completed'];

type OpportunityRow = {
  id: string;
  score: number;
  clientId: string | null;
  stage: string;
  slaPolicy: SlaPolicy | null;
  stageEnteredAt: Date;
  closeDate: string | null;
  amount: string;
  firstAmount: string | null;
  closeDatePushes: number;
  lastHumanAt: Date | null;
  contactsEngaged: number;
  sequenceProgress: number | null;
};

export type OpportunityForScoring = { id: string; score: number; clientId: string | null; inputs: OpportunityInputs };

/**
 * The inputs of a batch of opportunities in three set-based queries (no per-row round trip): the rows with their
 * pipeline's SLA policy, their human engagement (last touch, distinct contacts within `decayDays`), and the progress
 * of their sequence enrollments (steps done / steps, 1 when finished).
 */
export async function opportunityInputs(
  trx: Knex | Knex.Transaction,
  tenantId: string,
  ids: readonly string[],
  now: Date,
  decayDays: number,
): Promise<OpportunityForScoring[]> {
  if (ids.length === 0) return [];
  const { rows } = (await trx.raw(
    `WITH batch AS (SELECT unnest(CAST(:ids AS uuid[])) AS id),
     touch AS (
       SELECT e.opportunity_id, max(e.occurred_at) AS last_human_at,
              count(DISTINCT e.contact_id) FILTER (WHERE e.occurred_at > :since) AS contacts_engaged
         FROM engagements e JOIN batch b ON b.id = e.opportunity_id
        WHERE e.tenant_id = :tenantId AND e.is_bot = false AND e.type = ANY (CAST(:types AS text[]))
          AND e.occurred_at <= :now
        GROUP BY e.opportunity_id
     ),
     progress AS (
       SELECT s.opportunity_id,
              avg(CASE WHEN s.status = 'completed' THEN 1
                       ELSE least(1, s.current_step::float8 / greatest(jsonb_array_length(d.steps), 1)) END) AS progress
         FROM sequence_enrollments s JOIN batch b ON b.id = s.opportunity_id
         JOIN sequences d ON d.tenant_id = s.tenant_id AND d.id = s.sequence_id
        WHERE s.tenant_id = :tenantId AND s.status = ANY (CAST(:live AS text[]))
        GROUP BY s.opportunity_id
     )
     SELECT o.id, o.score, o.client_id AS "clientId", o.stage, p.sla_policy AS "slaPolicy",
            o.stage_entered_at AS "stageEnteredAt", to_char(o.close_date, 'YYYY-MM-DD') AS "closeDate",
            o.amount::text AS amount, o.first_amount::text AS "firstAmount", o.close_date_pushes AS "closeDatePushes",
            t.last_human_at AS "lastHumanAt", coalesce(t.contacts_engaged, 0)::int AS "contactsEngaged",
            g.progress AS "sequenceProgress"
       FROM opportunities o
       JOIN batch b ON b.id = o.id
       JOIN pipelines p ON p.tenant_id = o.tenant_id AND p.id = o.pipeline_id
       LEFT JOIN touch t ON t.opportunity_id = o.id
       LEFT JOIN progress g ON g.opportunity_id = o.id
      WHERE o.tenant_id = :tenantId`,
    {
      ids: [...ids],
      tenantId,
      since: new Date(now.getTime() - decayDays * 86_400_000),
      now,
      types: [...HUMAN_TOUCH_TYPES],
      live: LIVE_OR_DONE,
    },
  )) as { rows: OpportunityRow[] };
  return rows.map((r) => ({
    id: r.id,
    score: r.score,
    clientId: r.clientId,
    inputs: {
      stage: r.stage,
      slaPolicy: r.slaPolicy ?? {},
      stageEnteredAt: new Date(r.stageEnteredAt),
      closeDate: r.closeDate,
      amount: Number(r.amount),
      firstAmount: Number(r.firstAmount ?? r.amount),
      closeDatePushes: r.closeDatePushes,
      lastHumanAt: r.lastHumanAt ? new Date(r.lastHumanAt) : null,
      contactsEngaged: r.contactsEngaged,
      sequenceProgress: r.sequenceProgress === null ? null : Number(r.sequenceProgress),
    },
  }));
}

export type ContactForScoring = { id: string; score: number; clientId: string | null; inputs: ContactInputs };

/** The inputs of a batch of contacts: their last human touch and their responses within `decayDays`. */
export async function contactInputs(
  trx: Knex | Knex.Transaction,
  tenantId: string,
  ids: readonly string[],
  now: Date,
  decayDays: number,
): Promise<ContactForScoring[]> {
  if (ids.length === 0) return [];
  const { rows } = (await trx.raw(
    `WITH batch AS (SELECT unnest(CAST(:ids AS uuid[])) AS id),
     touch AS (
       SELECT e.contact_id, max(e.occurred_at) AS last_human_at,
              count(*) FILTER (WHERE e.occurred_at > :since AND e.type = ANY (CAST(:responses AS text[]))) AS responses
         FROM engagements e JOIN batch b ON b.id = e.contact_id
        WHERE e.tenant_id = :tenantId AND e.is_bot = false AND e.type = ANY (CAST(:types AS text[]))
          AND e.occurred_at <= :now
        GROUP BY e.contact_id
     )
     SELECT c.id, c.score, c.client_id AS "clientId", t.last_human_at AS "lastHumanAt",
            coalesce(t.responses, 0)::int AS responses
       FROM contacts c JOIN batch b ON b.id = c.id LEFT JOIN touch t ON t.contact_id = c.id
      WHERE c.tenant_id = :tenantId`,
    {
      ids: [...ids],
      tenantId,
      since: new Date(now.getTime() - decayDays * 86_400_000),
      now,
      types: [...HUMAN_TOUCH_TYPES],
      responses: [...RESPONSE_TYPES],
    },
  )) as { rows: { id: string; score: number; clientId: string | null; lastHumanAt: Date | null; responses: number }[] };
  return rows.map((r) => ({
    id: r.id,
    score: r.score,
    clientId: r.clientId,
    inputs: { lastHumanAt: r.lastHumanAt ? new Date(r.lastHumanAt) : null, responses: r.responses },
  }));
}
