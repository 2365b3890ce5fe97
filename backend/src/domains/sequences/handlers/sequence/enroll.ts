import { LIVE_ENROLLMENT_STATUSES } from '@pivotal-pm/sdk';
import type { EnrollSkipReason, OperationOutput } from '@pivotal-pm/sdk';
import { uuidv7 } from '#db/ids';
import { ApiError, notFound } from '#http/errors';
import type { Handler, OpContext } from '#http/types';
import { suppressedEmails } from '#domains/mail/suppressions';
import { assertUser, ownerOrCaller } from '#domains/pipelines/references';
import { canSeeClient } from '#domains/shared/records';
import { audienceQuery, readAudience } from '#domains/sequences/audience';
import { blockReason, loadContacts } from '#domains/sequences/eligibility';
import { enrollmentRefs } from '#domains/sequences/lifecycle';
import { presentEnrollment } from '#domains/sequences/presenters';
import type { EnrollmentRow, SequenceRow } from '#domains/sequences/rows';

type Target = { contactId?: string | undefined; opportunityId?: string | undefined };
type Result = OperationOutput<'sequence.enroll'>['results'][number];

/**
 * Enrolls contacts or opportunities (their primary contact) on the sequence's current definition version, one
 * result per target: opted-out, suppressed, address-less, already live (here, or elsewhere when exclusivity
 * applies) and unknown targets are skipped with their reason.
 */
export const sequenceEnroll: Handler<'sequence.enroll'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const seq = (await ctx.trx('sequences').where({ tenantId, id: input.sequenceId }).forShare().first()) as
    SequenceRow | undefined;
  if (!seq || !canSeeClient(ctx, seq.clientId)) throw notFound('Sequence');
  if (!seq.active || seq.archivedAt) throw new ApiError('invalid_state', 'The sequence is not active');
  const ownerId = ownerOrCaller(ctx, input.ownerId);
  if (input.ownerId) await assertUser(ctx, ownerId, 'ownerId');
  const targets = input.targets ?? (await audienceTargets(ctx, seq, input.fromAudience?.limit ?? 200));
  const resolved = await resolveTargets(ctx, targets);
  const contacts = await loadContacts(
    ctx.trx,
    tenantId,
    resolved.flatMap((r) => (r.contactId ? [r.contactId] : [])),
  );
  const suppressed = await suppressedEmails(
    ctx.trx,
    tenantId,
    [...contacts.values()].flatMap((c) => (c.email ? [c.email] : [])),
  );
  const busy = await liveElsewhere(ctx, seq, [...contacts.keys()]);
  const startAt = input.startAt ? new Date(input.startAt) : ctx.now;
  const results: Result[] = [];
  const enrolled: EnrollmentRow[] = [];
  const seen = new Set<string>();
  for (const [index, target] of resolved.entries()) {
    const contact = target.contactId ? contacts.get(target.contactId) : undefined;
    let reason: EnrollSkipReason | null =
      target.reason ?? (contact ? blockReason(contact, suppressed, seq.guardrails.respectOptOut) : 'not_found');
    if (!reason && contact) reason = seen.has(contact.id) ? 'already_enrolled' : (busy.get(contact.id) ?? null);
    let row: EnrollmentRow | undefined;
    if (!reason && contact) {
      seen.add(contact.id);
      row = await insertEnrollment(ctx, seq, contact.id, target.opportunityId ?? null, ownerId, startAt);
      if (!row) reason = 'already_enrolled';
    }
    results.push({
      index,
      status: row ? 'enrolled' : 'skipped',
      enrollmentId: row?.id ?? null,
      reason: row ? null : reason,
    });
    if (row) {
      enrolled.push(row);
      await ctx.emit(
        'sequence.enrolled',
        { ...enrollmentRefs(row), nextRunAt: row.nextRunAt?.toISOString() ?? null },
        { clientId: seq.clientId },
      );
    }
  }
  if (enrolled.length > 0)
    await ctx.audit({ targetType: 'sequence', targetId: seq.id, after: { enrolled: enrolled.map((r) => r.id) } });
  return {
    results,
    enrolled: enrolled.map(presentEnrollment),
    skipped: results.flatMap((r) =>
      r.status === 'skipped'
        ? [
            {
              contactId: resolved[r.index]!.contactId ?? null,
              opportunityId: resolved[r.index]!.opportunityId ?? null,
              reason: r.reason!,
            },
          ]
        : [],
    ),
  };
};

/**
 * The next contacts of the sequence's saved audience (by id) that were never enrolled in it and can be mailed: with
 * an address, not opted out (when the sequence respects opt-outs), not suppressed by address or domain. Those never
 * come up, so repeated calls work through the audience instead of meeting the same refusals.
 */
async function audienceTargets(ctx: OpContext, seq: SequenceRow, limit: number): Promise<Target[]> {
  const query = audienceQuery(ctx.trx, ctx.principal.tenantId, readAudience(seq.audience), seq.clientId, 'fromAudience')
    .whereNotNull('c.email')
    .whereNotExists((q) =>
      q
        .select(ctx.trx.raw('1'))
        .from('sequence_enrollments as e')
        .whereRaw('e.tenant_id = c.tenant_id AND e.contact_id = c.id')
        .where('e.sequence_id', seq.id),
    )
    .whereNotExists((q) =>
      q
        .select(ctx.trx.raw('1'))
        .from('suppressions as s')
        .whereRaw(
          `s.tenant_id = c.tenant_id AND ((s.kind = 'email' AND s.value = c.email) OR (s.kind = 'domain' AND s.value = split_part(c.email, '@', 2)))`,
        ),
    )
    .orderBy('c.id')
    .limit(limit)
    .select('c.id');
  if (seq.guardrails.respectOptOut) query.where('c.opted_out', false);
  return ((await query) as { id: string }[]).map((r) => ({ contactId: r.id }));
}

/** Each target's contact (an opportunity's primary contact when only the opportunity is given). */
async function resolveTargets(
  ctx: OpContext,
  targets: readonly Target[],
): Promise<{ contactId?: string | undefined; opportunityId?: string | undefined; reason?: EnrollSkipReason }[]> {
  const oppIds = targets.flatMap((t) => (t.opportunityId ? [t.opportunityId] : []));
  const opps =
    oppIds.length === 0
      ? []
      : ((await ctx
          .trx('opportunities')
          .where({ tenantId: ctx.principal.tenantId })
          .whereIn('id', oppIds)
          .select('id', 'primaryContactId')) as { id: string; primaryContactId: string | null }[]);
  const byId = new Map(opps.map((o) => [o.id, o]));
  return targets.map((t) => {
    if (!t.opportunityId) return { contactId: t.contactId };
    const opp = byId.get(t.opportunityId);
    if (!opp) return { ...t, reason: 'not_found' as const };
    const contactId = t.contactId ?? opp.primaryContactId ?? undefined;
    return contactId ? { contactId, opportunityId: t.opportunityId } : { ...t, reason: 'no_contact' as const };
  });
}

/** Contacts already live in this sequence, or (exclusivity) live in another sequence where either is exclusive. */
async function liveElsewhere(
  ctx: OpContext,
  seq: SequenceRow,
  contactIds: string[],
): Promise<Map<string, EnrollSkipReason>> {
  if (contactIds.length === 0) return new Map();
  const rows = (await ctx
    .trx('sequenceEnrollments as e')
    .join('sequences as s', (j) => j.on('s.tenantId', 'e.tenantId').andOn('s.id', 'e.sequenceId'))
    .where('e.tenantId', ctx.principal.tenantId)
    .whereIn('e.contactId', contactIds)
    .whereIn('e.status', LIVE_ENROLLMENT_STATUSES)
    .select('e.contactId', 'e.sequenceId', 's.exclusive')) as {
    contactId: string;
    sequenceId: string;
    exclusive: boolean;
  }[];
  const out = new Map<string, EnrollSkipReason>();
  for (const r of rows) {
    if (r.sequenceId === seq.id) out.set(r.contactId, 'already_enrolled');
    else if ((seq.exclusive || r.exclusive) && !out.has(r.contactId)) out.set(r.contactId, 'enrolled_elsewhere');
  }
  return out;
}

async function insertEnrollment(
  ctx: OpContext,
  seq: SequenceRow,
  contactId: string,
  opportunityId: string | null,
  ownerId: string,
  startAt: Date,
): Promise<EnrollmentRow | undefined> {
  // The partial unique index (one live enrollment per contact and sequence) settles concurrent enrollments.
  const { rows } = (await ctx.trx.raw(
    `INSERT INTO sequence_enrollments (tenant_id, id, sequence_id, sequence_version, opportunity_id, contact_id, status, current_step,
       next_run_at, owner_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'active', 0, ?, ?, ?, ?)
     ON CONFLICT (tenant_id, sequence_id, contact_id) WHERE status IN ('active', 'paused') DO NOTHING
     RETURNING *`,
    [
      seq.tenantId,
      uuidv7(),
      seq.id,
      seq.definitionVersion,
      opportunityId,
      contactId,
      startAt,
      ownerId,
      ctx.now,
      ctx.now,
    ],
  )) as { rows: Record<string, unknown>[] };
  const raw = rows[0];
  return raw ? (camel(raw) as EnrollmentRow) : undefined;
}

/** A raw snake_case row in camelCase (rows from trx.raw skip the knex mappers). */
function camel(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]),
  );
}
