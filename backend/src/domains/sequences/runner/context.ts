import type { Knex } from 'knex';
import { escapeHtml } from '#domains/mail/render';
import { suppressedEmails } from '#domains/mail/suppressions';
import { pickTemplate, sequenceMayUse, templateCandidates, type TemplateCandidate } from '#domains/mail/templates';
import { loadContacts, type ContactFacts } from '../eligibility';
import type { DefinitionRow, EnrollmentRow } from '../rows';
import { currentStep } from './steps';

/** Exchange's per-mailbox limits: 30 messages a minute, 10,000 recipients a day. */
export const MAILBOX_PER_MINUTE = 30;
export const MAILBOX_PER_DAY = 10_000;

type SequenceFacts = { id: string; clientId: string | null; active: boolean; archivedAt: Date | null; name: string };
type TrackEvent = { enrollmentId: string; kind: 'open' | 'click' | 'reply' | 'bounce'; occurredAt: Date };

/** Everything a batch of claimed enrollments needs, read in a few queries. */
export type BatchContext = {
  tenantId: string;
  now: Date;
  defs: Map<string, DefinitionRow>;
  sequences: Map<string, SequenceFacts>;
  contacts: Map<string, ContactFacts>;
  suppressed: Set<string>;
  /** Connected mailbox id of each owner. */
  mailboxes: Map<string, string>;
  /** Active templates any claimed email step names (by id, key or name): pick with `templateFor`. */
  templates: TemplateCandidate[];
  holidays: Set<string>;
  away: Map<string, { start: number; end: number }[]>;
  /** Last email to each contact from any sequence (epoch ms). */
  lastTouch: Map<string, number>;
  /** The tenant's own daily cap across sequences, when set (`settings.sequences.dailyCap`). */
  tenantDailyCap: number | null;
  /** Human tracking events of the claimed enrollments (for branch conditions). */
  tracking: Map<string, TrackEvent[]>;
  /** Stage-entered time of the claimed enrollments' opportunities. */
  stageEnteredAt: Map<string, number>;
  /** Approved approvals by `enrollmentId:stepKey`, with the edits to send. */
  approvals: Map<string, { subject: string; html: string } | null>;
};

// Definition versions never change once written: cache them across batches.
const defCache = new Map<string, DefinitionRow>();
const defKey = (tenantId: string, sequenceId: string, version: number) => `${tenantId}:${sequenceId}:${version}`;

/** The definition of an enrollment from a context. */
export const defOf = (ctx: BatchContext, row: EnrollmentRow) =>
  ctx.defs.get(defKey(row.tenantId, row.sequenceId, row.sequenceVersion))!;

/** The template an email step of this enrollment's sequence names (agency-wide or of the sequence's client). */
export function templateFor(ctx: BatchContext, row: EnrollmentRow, ref: string): TemplateCandidate | undefined {
  const sequence = ctx.sequences.get(row.sequenceId);
  return sequence ? pickTemplate(ctx.templates, ref, sequenceMayUse(sequence.clientId)) : undefined;
}

/** Loads the context of a batch of claimed enrollments of one tenant. */
export async function loadBatchContext(
  trx: Knex.Transaction,
  tenantId: string,
  rows: EnrollmentRow[],
  now: Date,
): Promise<BatchContext> {
  const defs = new Map<string, DefinitionRow>();
  const missing = new Map<string, { sequenceId: string; version: number }>();
  for (const r of rows) {
    const key = defKey(tenantId, r.sequenceId, r.sequenceVersion);
    const cached = defCache.get(key);
    if (cached) defs.set(key, cached);
    else missing.set(key, { sequenceId: r.sequenceId, version: r.sequenceVersion });
  }
  if (missing.size > 0) {
    const found = (await trx('sequenceVersions')
      .where({ tenantId })
      .whereIn(
        ['sequenceId', 'version'],
        [...missing.values()].map((m) => [m.sequenceId, m.version]),
      )) as DefinitionRow[];
    for (const d of found) {
      const key = defKey(tenantId, d.sequenceId, d.version);
      defCache.set(key, d);
      defs.set(key, d);
    }
  }
  const seqIds = [...new Set(rows.map((r) => r.sequenceId))];
  const ownerIds = [...new Set(rows.map((r) => r.ownerId))];
  const contactIds = rows.flatMap((r) => (r.contactId ? [r.contactId] : []));
  const steps = rows.map((r) => ({
    row: r,
    cur: currentStep(r, defs.get(defKey(tenantId, r.sequenceId, r.sequenceVersion))?.steps ?? []),
  }));
  const emailing = steps.filter((s) => s.cur?.step.type === 'email');
  const templateRefs = [...new Set(emailing.map((s) => (s.cur!.step as { templateId: string }).templateId))];
  const waiting = rows.filter((r) => r.stepState?.phase === 'waiting');
  const since = waiting.reduce(
    (min, r) => Math.min(min, Date.parse(r.stepState.actedAt ?? r.createdAt.toISOString())),
    now.getTime(),
  );

  // One connection runs one query at a time: read in sequence (each read is a single indexed query).
  const [sequences, contacts, mailboxes, templates, holidays, away, touches, tenant, tracking, opps, approvals] =
    await inSequence([
      () =>
        trx('sequences')
          .where({ tenantId })
          .whereIn('id', seqIds)
          .select('id', 'clientId', 'active', 'archivedAt', 'name') as Promise<SequenceFacts[]>,
      () => loadContacts(trx, tenantId, contactIds),
      () =>
        trx('mailboxAccounts')
          .where({ tenantId, status: 'connected' })
          .whereIn('userId', ownerIds)
          .select('id', 'userId') as Promise<{ id: string; userId: string }[]>,
      () => templateCandidates(trx, tenantId, templateRefs),
      () =>
        emailing.length === 0
          ? Promise.resolve([] as { day: string }[])
          : (trx
              .raw(
                `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM tenant_holidays WHERE tenant_id = ? AND day BETWEEN (?::date - 2) AND (?::date + 400)`,
                [tenantId, now, now],
              )
              .then((r: { rows: { day: string }[] }) => r.rows) as Promise<{ day: string }[]>),
      () =>
        trx('userOutOfOffice')
          .where({ tenantId })
          .whereIn('userId', ownerIds)
          .where('endsAt', '>', now)
          .select('userId', 'startsAt', 'endsAt') as Promise<{ userId: string; startsAt: Date; endsAt: Date }[]>,
      () =>
        emailing.length === 0
          ? Promise.resolve([] as { contactId: string; last: Date }[])
          : (trx('sequenceSends')
              .where({ tenantId })
              .whereIn(
                'contactId',
                emailing.flatMap((s) => (s.row.contactId ? [s.row.contactId] : [])),
              )
              .whereIn('status', ['queued', 'sending', 'sent'])
              .groupBy('contactId')
              .select('contactId', trx.raw('max(created_at) as last')) as Promise<{ contactId: string; last: Date }[]>),
      () =>
        trx('tenants')
          .where({ id: tenantId })
          .first(trx.raw(`(settings #>> '{sequences,dailyCap}')::int as cap`)) as Promise<
          { cap: number | null } | undefined
        >,
      () =>
        waiting.length === 0
          ? Promise.resolve([] as TrackEvent[])
          : (trx('sequenceSendEvents')
              .where({ tenantId, isBot: false })
              .whereIn(
                'enrollmentId',
                waiting.map((r) => r.id),
              )
              .where('occurredAt', '>=', new Date(since))
              .select('enrollmentId', 'kind', 'occurredAt') as Promise<TrackEvent[]>),
      () =>
        waiting.some((r) => r.opportunityId)
          ? (trx('opportunities')
              .where({ tenantId })
              .whereIn(
                'id',
                waiting.flatMap((r) => (r.opportunityId ? [r.opportunityId] : [])),
              )
              .select('id', 'stageEnteredAt') as Promise<{ id: string; stageEnteredAt: Date | null }[]>)
          : Promise.resolve([]),
      () =>
        emailing.some((s) => (s.cur!.step as { mode: string }).mode === 'manual')
          ? (trx('sequenceApprovals')
              .where({ tenantId, status: 'approved' })
              .whereIn(
                'enrollmentId',
                emailing.map((s) => s.row.id),
              )
              .select('enrollmentId', 'stepKey', 'preview') as Promise<
              {
                enrollmentId: string;
                stepKey: string;
                preview: { subject: string; body: { contentType: 'html' | 'text'; content: string } } | null;
              }[]
            >)
          : Promise.resolve([]),
    ]);
  const suppressed = await suppressedEmails(
    trx,
    tenantId,
    [...contacts.values()].flatMap((c) => (c.email ? [c.email] : [])),
  );
  const awayBy = new Map<string, { start: number; end: number }[]>();
  for (const a of away) awayBy.set(a.userId, [...(awayBy.get(a.userId) ?? []), { start: +a.startsAt, end: +a.endsAt }]);
  const trackBy = new Map<string, TrackEvent[]>();
  for (const e of tracking) trackBy.set(e.enrollmentId, [...(trackBy.get(e.enrollmentId) ?? []), e]);
  return {
    tenantId,
    now,
    defs,
    sequences: new Map(sequences.map((s) => [s.id, s])),
    contacts,
    suppressed,
    mailboxes: new Map(mailboxes.map((m) => [m.userId, m.id])),
    templates,
    holidays: new Set(holidays.map((h) => h.day)),
    away: awayBy,
    lastTouch: new Map(touches.map((t) => [t.contactId, +new Date(t.last)])),
    tenantDailyCap: tenant?.cap ?? null,
    tracking: trackBy,
    stageEnteredAt: new Map(
      opps.flatMap((o) => (o.stageEnteredAt ? [[o.id, +o.stageEnteredAt] as [string, number]] : [])),
    ),
    approvals: new Map(
      approvals.map((a) => [
        `${a.enrollmentId}:${a.stepKey}`,
        a.preview
          ? {
              subject: a.preview.subject,
              html:
                a.preview.body.contentType === 'text'
                  ? escapeHtml(a.preview.body.content).replace(/\n/g, '<br>')
                  : a.preview.body.content,
            }
          : null,
      ]),
    ),
  };
}

type Results<T extends readonly (() => Promise<unknown>)[]> = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };

/** Runs the reads one after the other (a transaction's connection takes one query at a time). */
async function inSequence<const T extends readonly (() => Promise<unknown>)[]>(reads: T): Promise<Results<T>> {
  const out: unknown[] = [];
  for (const read of reads) out.push(await read());
  return out as Results<T>;
}
