import type { EventName, EventPayload } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { uuidv7 } from '#db/ids';
import { systemScope, withTenant } from '#db/tenantTx';
import { appendEvents } from '#domains/events/append';
import { unsubscribeSecret } from '#domains/mail/linkSecret';
import { eventToAppend, type AppendEvent } from '#domains/events/reaction';
import { enrollmentRefs } from '../lifecycle';
import type { SequenceMailer, SequenceWebhooks } from '../ports';
import type { EnrollmentRow } from '../rows';
import { defOf, loadBatchContext, type BatchContext } from './context';
import { decide } from './decide';
import { recordRunFailure, resumeDuePauses, RUNNER_ACTOR } from './recovery';
import { callWebhooks } from './webhookCalls';
import { bucketStart, capsFor } from './decideEmail';
import type { Outcome } from './outcome';
import { lockCounters, writeCounters } from './counters';
import { currentStep } from './steps';

/** How the runner runs: where mail and webhooks go, the public URL of unsubscribe links, batch size, clock. */
export type RunnerOptions = {
  mailer: SequenceMailer;
  webhooks: SequenceWebhooks;
  publicUrl: string;
  limit?: number;
  now?: () => Date;
};

/** What a batch did; `due` holds the due time (epoch ms) of each executed step, for lag figures. */
export type BatchReport = {
  claimed: number;
  executed: number;
  deferred: number;
  completed: number;
  failed: number;
  sent: number;
  due: number[];
};

const emptyReport = (): BatchReport => ({
  claimed: 0,
  executed: 0,
  deferred: 0,
  completed: 0,
  failed: 0,
  sent: 0,
  due: [],
});

/** Adds `b` into `a`. */
export function addReport(a: BatchReport, b: BatchReport): BatchReport {
  a.claimed += b.claimed;
  a.executed += b.executed;
  a.deferred += b.deferred;
  a.completed += b.completed;
  a.failed += b.failed;
  a.sent += b.sent;
  for (const d of b.due) a.due.push(d);
  return a;
}

/**
 * Claims up to `limit` due active enrollments of a tenant (`FOR UPDATE SKIP LOCKED`, so runners never share one)
 * and runs each one's step in one transaction: state, step-run row, send row, outbox hand-over, tasks, counters
 * and events commit together or not at all. `ids` restricts the claim (to retry rows one by one).
 */
export async function runTenantBatch(
  knex: Knex,
  tenantId: string,
  opts: RunnerOptions,
  ids?: string[],
): Promise<BatchReport> {
  return withTenant(knex, systemScope(tenantId, 'all'), async (trx) => {
    const now = opts.now?.() ?? new Date();
    const claim = trx('sequenceEnrollments').where({ tenantId, status: 'active' }).where('nextRunAt', '<=', now);
    if (ids) claim.whereIn('id', ids);
    const rows = (await claim
      .orderBy('nextRunAt')
      .limit(opts.limit ?? 200)
      .forUpdate()
      .skipLocked()) as EnrollmentRow[];
    const report = emptyReport();
    report.claimed = rows.length;
    if (rows.length === 0) return report;
    const ctx = await loadBatchContext(trx, tenantId, rows, now);
    const emailing = rows.filter((r) => {
      const cur = currentStep(r, defOf(ctx, r).steps);
      return cur?.step.type === 'email' && r.stepState?.phase !== 'waiting';
    });
    const usage = await lockCounters(
      trx,
      tenantId,
      now,
      emailing.flatMap((r) => {
        const mailboxId = ctx.mailboxes.get(r.ownerId);
        return mailboxId ? capsFor(ctx, defOf(ctx, r), mailboxId) : [];
      }),
    );
    // The tenant's secret signs unsubscribe links and tracking tokens.
    const secret = emailing.length > 0 ? await unsubscribeSecret(trx, tenantId) : null;
    let outcomes = rows.map((row) => decide(ctx, row, usage, secret, opts.publicUrl));
    outcomes = await callWebhooks(trx, tenantId, outcomes, opts.webhooks, now);
    await writeOutcomes(trx, ctx, outcomes, opts.mailer, report);
    return report;
  });
}

async function writeOutcomes(
  trx: Knex.Transaction,
  ctx: BatchContext,
  outcomes: Outcome[],
  mailer: SequenceMailer,
  report: BatchReport,
): Promise<void> {
  const { tenantId, now } = ctx;
  const clientOf = (o: Outcome) => ctx.sequences.get(o.row.sequenceId)?.clientId ?? null;
  // Collected, then appended in one go after the enrollments are saved.
  const events: AppendEvent[] = [];
  const emit = <E extends EventName>(name: E, payload: EventPayload<E>, clientId: string | null) =>
    events.push(eventToAppend({ name, payload, clientId, actor: RUNNER_ACTOR, occurredAt: now }));

  // Step runs first: a step whose key is already there ran before, and its side effect is not repeated.
  const withRun = outcomes.filter((o) => o.ran);
  const fresh = new Set<string>();
  if (withRun.length > 0) {
    const inserted = (await trx('sequenceStepRuns')
      .insert(
        withRun.map((o) => ({
          tenantId,
          enrollmentId: o.row.id,
          stepKey: o.ran!.key,
          sequenceId: o.row.sequenceId,
          stepIndex: o.ran!.index,
          action: o.ran!.action,
          ranAt: now,
        })),
      )
      .onConflict(['tenantId', 'enrollmentId', 'stepKey'])
      .ignore()
      .returning(['enrollmentId', 'stepKey'])) as { enrollmentId: string; stepKey: string }[];
    for (const r of inserted) fresh.add(`${r.enrollmentId}:${r.stepKey}`);
  }
  const isFresh = (o: Outcome) => o.ran !== undefined && fresh.has(`${o.row.id}:${o.ran.key}`);

  // Email sends: one unique row per deterministic key, then the outbox hand-over in this same transaction.
  const sends = outcomes.filter((o) => o.send && isFresh(o));
  if (sends.length > 0) {
    const inserted = (await trx('sequenceSends')
      .insert(
        sends.map((o) => ({
          tenantId,
          id: uuidv7(),
          key: o.send!.key,
          sequenceId: o.row.sequenceId,
          enrollmentId: o.row.id,
          stepKey: o.send!.stepKey,
          stepIndex: o.send!.index,
          contactId: o.row.contactId,
          mailboxUserId: o.row.ownerId,
          toEmail: o.send!.to,
          subject: o.send!.subject,
          html: o.send!.html,
          headers: JSON.stringify(o.send!.headers),
          status: 'sent',
          attempts: 1,
          sentAt: now,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .onConflict(['tenantId', 'key'])
      .ignore()
      .returning(['key'])) as { key: string }[];
    const keys = new Set(inserted.map((r) => r.key));
    const increments = new Map<string, number>();
    for (const o of sends) {
      const s = o.send!;
      if (!keys.has(s.key)) continue;
      await mailer.send(trx, {
        tenantId,
        mailboxId: s.mailboxId,
        sendKey: s.key,
        to: [{ address: s.to, ...(s.name ? { name: s.name } : {}) }],
        subject: s.subject,
        bodyHtml: s.html,
        ...(Object.keys(s.headers).length > 0 ? { headers: s.headers } : {}),
        origin: 'sequence',
        enrollmentId: o.row.id,
        contactIds: o.row.contactId ? [o.row.contactId] : [],
        opportunityId: o.row.opportunityId,
      });
      report.sent += 1;
      for (const cap of capsFor(ctx, defOf(ctx, o.row), s.mailboxId)) {
        const k = `${cap.key}@${bucketStart(now.getTime(), cap.period)}`;
        increments.set(k, (increments.get(k) ?? 0) + 1);
      }
    }
    await writeCounters(trx, tenantId, increments);
  }

  // Tasks in the owner's queue (origin `sequence`).
  const tasks = outcomes.filter((o) => o.task && isFresh(o));
  if (tasks.length > 0) {
    const rows = tasks.map((o) => ({
      tenantId,
      id: uuidv7(),
      type: o.task!.type,
      title: o.task!.title,
      notes: o.task!.notes,
      opportunityId: o.row.opportunityId,
      contactId: o.row.contactId,
      clientId: clientOf(o),
      ownerId: o.row.ownerId,
      dueAt: o.task!.dueAt,
      priority: o.task!.priority,
      status: 'open',
      origin: 'sequence',
      sequenceId: o.row.sequenceId,
      createdAt: now,
      updatedAt: now,
    }));
    await trx('tasks').insert(rows);
    for (const t of rows) {
      emit(
        'task.created',
        {
          taskId: t.id,
          type: t.type,
          ownerId: t.ownerId,
          opportunityId: t.opportunityId,
          contactId: t.contactId,
          dueAt: t.dueAt.toISOString(),
          origin: 'sequence',
        },
        t.clientId,
      );
    }
  }

  // The review queue: manual emails wait for approval.
  const approvals = outcomes.filter((o) => o.approval && isFresh(o));
  if (approvals.length > 0) {
    await trx('sequenceApprovals')
      .insert(
        approvals.map((o) => ({
          tenantId,
          id: uuidv7(),
          sequenceId: o.row.sequenceId,
          enrollmentId: o.row.id,
          stepKey: o.approval!.stepKey,
          stepIndex: o.approval!.index,
          kind: 'personalised_send',
          contactId: o.row.contactId,
          opportunityId: o.row.opportunityId,
          ownerId: o.row.ownerId,
          preview: JSON.stringify({
            to: [o.approval!.to],
            subject: o.approval!.subject,
            body: { contentType: 'html', content: o.approval!.html },
          }),
          status: 'pending',
          createdAt: now,
          updatedAt: now,
        })),
      )
      .onConflict(['tenantId', 'enrollmentId', 'stepKey'])
      .ignore();
  }

  await trx.raw(
    `UPDATE sequence_enrollments e SET status = v.status, current_step = v.current_step, step_state = v.step_state, next_run_at = v.next_run_at,
       last_action_at = v.last_action_at, stop_reason = v.stop_reason, attempts = v.attempts, meta = v.meta, version = e.version + 1, updated_at = ?
     FROM jsonb_to_recordset(?::jsonb) AS v(id uuid, status text, current_step int, step_state jsonb, next_run_at timestamptz, last_action_at timestamptz,
       stop_reason text, attempts int, meta jsonb)
     WHERE e.tenant_id = ? AND e.id = v.id`,
    [
      now,
      JSON.stringify(
        outcomes.map((o) => ({
          id: o.row.id,
          status: o.next.status,
          current_step: o.next.currentStep,
          step_state: o.next.stepState,
          next_run_at: o.next.nextRunAt?.toISOString() ?? null,
          last_action_at: o.next.lastActionAt ? new Date(o.next.lastActionAt).toISOString() : null,
          stop_reason: o.next.stopReason,
          attempts: o.next.attempts,
          meta: o.next.meta,
        })),
      ),
      tenantId,
    ],
  );

  for (const o of outcomes) {
    const refs = enrollmentRefs(o.row);
    if (o.ran && o.kind !== 'awaiting') {
      report.executed += 1;
      report.due.push(o.row.nextRunAt ? +new Date(o.row.nextRunAt) : now.getTime());
      emit(
        'sequence.advanced',
        {
          ...refs,
          fromStep: o.row.currentStep,
          toStep: o.next.currentStep,
          action: o.ran.action,
          nextRunAt: o.next.nextRunAt?.toISOString() ?? null,
        },
        clientOf(o),
      );
    } else if (o.kind === 'deferred') report.deferred += 1;
    if (o.next.status === 'completed') {
      report.completed += 1;
      emit('sequence.completed', { ...refs, reason: o.completed ?? 'finished' }, clientOf(o));
    }
    if (o.kind === 'failed' && o.failed) {
      report.failed += 1;
      emit(
        'sequence.failed',
        { ...refs, step: o.row.currentStep, code: o.failed.code, message: o.failed.message },
        clientOf(o),
      );
    }
  }
  if (events.length > 0) await appendEvents(trx, tenantId, events);
}

/**
 * One pass of the runner over every tenant with due work: a batch per tenant. A batch that fails (a crash, a
 * killed connection, an ambiguous send failure) rolls back whole; its rows are then retried one by one so that a
 * single bad row is isolated and counted, never the batch.
 */
export async function runDueSteps(knex: Knex, opts: RunnerOptions & { tenantIds?: string[] }): Promise<BatchReport> {
  const report = emptyReport();
  const tenants = opts.tenantIds ?? ((await knex('tenants').pluck('id')) as string[]);
  for (const tenantId of tenants) {
    await resumeDuePauses(knex, tenantId, opts.now?.() ?? new Date());
    try {
      addReport(report, await runTenantBatch(knex, tenantId, opts));
    } catch {
      const due = (await withTenant(knex, systemScope(tenantId, 'all'), (trx) =>
        trx('sequenceEnrollments')
          .where({ tenantId, status: 'active' })
          .where('nextRunAt', '<=', opts.now?.() ?? new Date())
          .orderBy('nextRunAt')
          .limit(opts.limit ?? 200)
          .pluck('id'),
      )) as string[];
      for (const id of due) {
        try {
          addReport(report, await runTenantBatch(knex, tenantId, { ...opts, limit: 1 }, [id]));
        } catch (error) {
          await recordRunFailure(knex, tenantId, id, error as Error, opts.now?.() ?? new Date());
        }
      }
    }
  }
  return report;
}
