import type { TimelineItem } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { exactTimestampSql, type TimeIdCursor } from '#domains/shared/keyset';
import { isoRequired } from '#domains/shared/present';
import { genericPlanStatement } from './genericPlan';
import { messageJoinSql, previewSql, subjectSql } from './mailContent';
import { taskStatusSql } from './taskStatus';
import { isUuid } from '#db/ids';

/** The record a timeline is for. */
export type TimelineAnchor = { kind: 'opportunity' | 'account' | 'contact'; id: string };

/** What the merged query needs: which branches to run, the keyset position and the page size. */
export type TimelineQuery = {
  tenantId: string;
  anchor: TimelineAnchor;
  /** Engagement types to include; null: all. Empty: no engagement branch. */
  engagementTypes: string[] | null;
  includeTasks: boolean;
  cursor: TimeIdCursor | null;
  /** Rows to fetch (page size + 1). */
  take: number;
  now: Date;
};

/** One row of the merged query (raw, so snake_case). */
export type TimelineRow = {
  source: 'engagement' | 'task';
  id: string;
  at: Date;
  cursor_at: string;
  type: TimelineItem['type'];
  actor_id: string | null;
  opportunity_id: string | null;
  account_id: string | null;
  contact_id: string | null;
  direction: TimelineItem['direction'];
  channel: TimelineItem['channel'];
  title: string | null;
  preview: string | null;
  is_bot: boolean;
  call_id: string | null;
  message_id: string | null;
  meeting_id: string | null;
  enrollment_id: string | null;
  task_status: NonNullable<TimelineItem['refs']['taskStatus']> | null;
  /** A call engagement's figures (its meta), as text. */
  call_status: string | null;
  call_duration: string | null;
  call_disposition: string | null;
  call_custom: string | null;
};

type Sql = { sql: string; bindings: Knex.Value[] };

function engagementBranch(q: TimelineQuery, types: string[] | null): Sql {
  const column = `e.${q.anchor.kind}_id`;
  const where = ['e.tenant_id = ?', `${column} = ?`];
  const bindings: Knex.Value[] = [q.tenantId, q.anchor.id];
  if (types !== null) {
    where.push('e.type = ANY (?::text[])');
    bindings.push(types);
  }
  if (q.cursor) {
    // The plain bound lets the executor skip the monthly partitions above the cursor.
    where.push('e.occurred_at <= ?::timestamptz', '(e.occurred_at, e.id) < (?::timestamptz, ?::uuid)');
    bindings.push(q.cursor.at, q.cursor.at, q.cursor.id);
  }
  bindings.push(q.take);
  return {
    sql: `SELECT 'engagement'::text AS source, e.id, e.occurred_at AS at, e.type, e.actor_id, e.opportunity_id,
      e.account_id, e.contact_id, e.direction, e.channel, ${subjectSql} AS title, ${previewSql} AS preview, e.is_bot,
      e.meta->>'callId' AS call_id, e.meta->>'messageId' AS message_id, e.meta->>'meetingId' AS meeting_id,
      e.meta->>'enrollmentId' AS enrollment_id, NULL::text AS task_status,
      e.meta->>'status' AS call_status, e.meta->>'durationSec' AS call_duration,
      e.meta->>'disposition' AS call_disposition, e.meta->>'customDisposition' AS call_custom
    FROM engagements e ${messageJoinSql} WHERE ${where.join(' AND ')}
    ORDER BY e.occurred_at DESC, e.id DESC LIMIT ?`,
    bindings,
  };
}

function taskBranch(q: TimelineQuery): Sql {
  const at = 'coalesce(t.due_at, t.created_at)';
  const where = ['t.tenant_id = ?'];
  const bindings: Knex.Value[] = [q.now, q.tenantId];
  if (q.anchor.kind === 'account') {
    // Tasks carry no account: they belong to an account through their opportunity or contact.
    where.push(`(t.opportunity_id IN (SELECT o.id FROM opportunities o WHERE o.tenant_id = ? AND o.account_id = ?)
      OR t.contact_id IN (SELECT c.id FROM contacts c WHERE c.tenant_id = ? AND c.account_id = ?))`);
    bindings.push(q.tenantId, q.anchor.id, q.tenantId, q.anchor.id);
  } else {
    where.push(`t.${q.anchor.kind}_id = ?`);
    bindings.push(q.anchor.id);
  }
  if (q.cursor) {
    where.push(`(${at}, t.id) < (?::timestamptz, ?::uuid)`);
    bindings.push(q.cursor.at, q.cursor.id);
  }
  bindings.push(q.take);
  return {
    sql: `SELECT 'task'::text AS source, t.id, ${at} AS at, 'task'::text AS type, t.owner_id AS actor_id,
      t.opportunity_id, coalesce(
        (SELECT o.account_id FROM opportunities o WHERE o.tenant_id = t.tenant_id AND o.id = t.opportunity_id),
        (SELECT c.account_id FROM contacts c WHERE c.tenant_id = t.tenant_id AND c.id = t.contact_id)) AS account_id,
      t.contact_id, NULL::text AS direction,
      NULL::text AS channel, t.title, left(t.notes, 280) AS preview, false AS is_bot, NULL::text AS call_id,
      NULL::text AS message_id, NULL::text AS meeting_id, NULL::text AS enrollment_id, ${taskStatusSql('t')} AS task_status,
      NULL::text AS call_status, NULL::text AS call_duration, NULL::text AS call_disposition, NULL::text AS call_custom
    FROM tasks t
    WHERE ${where.join(' AND ')}
    ORDER BY ${at} DESC, t.id DESC LIMIT ?`,
    bindings,
  };
}

/**
 * One SQL statement: the newest `take` engagements and the newest `take` tasks after the cursor (each branch
 * walks its own index in order and stops early), merged and cut to `take` by (at desc, id desc).
 */
export function timelineSql(q: TimelineQuery): Sql {
  const branches: Sql[] = [];
  if (q.engagementTypes === null || q.engagementTypes.length > 0) branches.push(engagementBranch(q, q.engagementTypes));
  if (q.includeTasks) branches.push(taskBranch(q));
  if (branches.length === 0) return { sql: 'SELECT NULL WHERE false', bindings: [] };
  return {
    sql: `SELECT u.*, ${exactTimestampSql('u.at')} AS cursor_at
  FROM (${branches.map((b) => `(${b.sql})`).join('\nUNION ALL\n')}) u
  ORDER BY u.at DESC, u.id DESC LIMIT ?`,
    bindings: [...branches.flatMap((b) => b.bindings), q.take],
  };
}

/** Runs the merged query as a prepared statement with a generic plan (see `genericPlanStatement`). */
export async function runTimelineQuery(trx: Knex.Transaction, q: TimelineQuery): Promise<TimelineRow[]> {
  const { sql, bindings } = timelineSql(q);
  const name = await genericPlanStatement(trx, 'timeline', sql);
  const result = (await trx.raw(sql, bindings).options({ name })) as { rows: TimelineRow[] };
  return result.rows;
}

const ref = (v: string | null) => (v !== null && isUuid(v) ? v : undefined);

const CALL_STATUS = new Set(['ended', 'failed']);
const DISPOSITIONS = new Set(['no_answer', 'left_vm', 'connected', 'callback', 'custom']);

/** What the timeline shows of a call: how it finished, how long it lasted, how the rep disposed it. */
function callFacts(row: TimelineRow): NonNullable<TimelineItem['call']> {
  const seconds = Number(row.call_duration);
  return {
    status: row.call_status !== null && CALL_STATUS.has(row.call_status) ? (row.call_status as 'ended') : 'ended',
    durationSec: Number.isInteger(seconds) && seconds >= 0 ? seconds : 0,
    disposition:
      row.call_disposition !== null && DISPOSITIONS.has(row.call_disposition)
        ? (row.call_disposition as NonNullable<TimelineItem['call']>['disposition'])
        : null,
    customDisposition: row.call_custom,
  };
}

/** TimelineItem DTO of a merged row. */
export function presentTimelineRow(row: TimelineRow): TimelineItem {
  const refs: TimelineItem['refs'] = {};
  const callId = ref(row.call_id);
  const messageId = ref(row.message_id);
  const meetingId = ref(row.meeting_id);
  const enrollmentId = ref(row.enrollment_id);
  if (callId) refs.callId = callId;
  if (messageId) refs.messageId = messageId;
  if (meetingId) refs.meetingId = meetingId;
  if (enrollmentId) refs.enrollmentId = enrollmentId;
  if (row.task_status !== null) refs.taskStatus = row.task_status;
  return {
    id: row.id,
    source: row.source,
    type: row.type,
    occurredAt: isoRequired(row.at),
    actorId: row.actor_id,
    opportunityId: row.opportunity_id,
    accountId: row.account_id,
    contactId: row.contact_id,
    direction: row.direction,
    channel: row.channel,
    title: row.title,
    preview: row.preview,
    isBot: row.is_bot,
    refs,
    ...(callId && row.call_duration !== null ? { call: callFacts(row) } : {}),
  };
}
