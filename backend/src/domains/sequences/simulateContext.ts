import {
  LIVE_ENROLLMENT_STATUSES,
  type FieldIssue,
  type OperationParsedInput,
  type SimulationResult,
} from '@pivotal-pm/sdk';
import { IANAZone } from 'luxon';
import { ApiError, invalidInputs, notFound } from '#http/errors';
import type { OpContext } from '#http/types';
import { suppressedEmails } from '#domains/mail/suppressions';
import { assertUser, ownerOrCaller } from '#domains/pipelines/references';
import { canSeeClient } from '#domains/shared/records';
import { audienceQuery, readAudience } from './audience';
import { assertDefinition } from './definitions';
import { blockReason, loadContacts } from './eligibility';
import { bucketOf } from './policy/engine';
import type { DefinitionRow, SequenceRow } from './rows';
import { sendCaps, type SimulationContact, type SimulationPlan } from './simulate';
import { SlotCalendar } from './simulateCalendar';

type Input = OperationParsedInput<'sequence.simulate'>;
type Excluded = SimulationResult['excluded'][number];
const DAY = 86_400_000;

/** The plan of a dry run, read (never written) in the request transaction, with who is left out and why. */
export type LoadedSimulation = {
  plan: SimulationPlan;
  sequenceId: string | null;
  version: number | null;
  excluded: Excluded[];
  warnings: string[];
};

/**
 * Loads what `sequence.simulate` runs on: the definition (a saved version or the draft), the cohort (404 for a
 * contact the caller cannot see), eligibility (suppressed, opted out, no address, already live in the sequence),
 * each contact's zone and last touch, the tenant's holidays, the owner's out-of-office, and today's cap counters.
 */
export async function loadSimulation(input: Input, ctx: OpContext): Promise<LoadedSimulation> {
  const { tenantId } = ctx.principal;
  const startAt = input.startAt ? Date.parse(input.startAt) : ctx.now.getTime();
  const ownerId = ownerOrCaller(ctx, input.ownerId);
  const def = await definitionOf(input, ctx);
  if (input.ownerId) await assertUser(ctx, ownerId, 'ownerId');

  const ids = input.contactIds ? [...new Set(input.contactIds)] : await audienceCohort(ctx, def.sequenceId!);
  const contacts = await loadContacts(ctx.trx, tenantId, ids);
  const missing = ids.find((id) => !contacts.get(id) || !canSeeClient(ctx, contacts.get(id)!.clientId));
  if (missing)
    throw new ApiError('not_found', `Contact ${missing} not found`, { field: 'contactIds', contactId: missing });
  const suppressed = await suppressedEmails(
    ctx.trx,
    tenantId,
    [...contacts.values()].flatMap((c) => (c.email ? [c.email] : [])),
  );
  const live = def.sequenceId
    ? new Set(
        (
          (await ctx
            .trx('sequenceEnrollments')
            .where({ tenantId, sequenceId: def.sequenceId })
            .whereIn('contactId', ids)
            .whereIn('status', LIVE_ENROLLMENT_STATUSES)
            .select('contactId')) as { contactId: string }[]
        ).map((r) => r.contactId),
      )
    : new Set<string>();
  const lastTouch = new Map(
    (
      (await ctx
        .trx('sequenceSends')
        .where({ tenantId, status: 'sent' })
        .whereIn('contactId', ids)
        .groupBy('contactId')
        .select('contactId')
        .max('sentAt as at')) as { contactId: string; at: Date | null }[]
    ).map((r) => [r.contactId, r.at]),
  );

  const excluded: Excluded[] = [];
  const cohort: SimulationContact[] = [];
  const warnings: string[] = [];
  for (const id of ids) {
    const c = contacts.get(id)!;
    // blockReason answers no_email, suppressed or opted_out (all in the output's reasons).
    const reason = (blockReason(c, suppressed, def.guardrails.respectOptOut) ??
      (live.has(id) ? 'already_enrolled' : null)) as Excluded['reason'] | null;
    if (reason) {
      excluded.push({ contactId: id, reason });
      continue;
    }
    let zone = def.sendWindow.timezone;
    if (c.timeZone && IANAZone.isValidZone(c.timeZone)) zone = c.timeZone;
    else if (c.timeZone)
      warnings.push(`contact ${id}: unknown time zone ${c.timeZone}, the sequence's ${zone} is used`);
    cohort.push({ id, zone, lastTouchAt: lastTouch.get(id)?.getTime() ?? null });
  }
  if (
    def.steps.some(function manual(s): boolean {
      return (
        (s.type === 'email' && s.mode === 'manual') ||
        (s.type === 'branch' && [...s.do, ...(s.else ?? [])].some(manual)) ||
        (s.type === 'email' && (s.branch ?? []).some((r) => r.do.some(manual)))
      );
    })
  ) {
    warnings.push('manual emails wait for approval: their times assume approval as soon as they are due');
  }

  const tenant = (await ctx.trx('tenants').where({ id: tenantId }).first('settings')) as
    { settings: { sequences?: { dailyCap?: unknown } } } | undefined;
  const tenantCap = tenant?.settings?.sequences?.dailyCap;
  const caps = sendCaps({
    sequenceKey: def.sequenceId ?? 'draft',
    dailyCap: def.guardrails.dailyCap,
    mailboxUserId: ownerId,
    tenantDailyCap: typeof tenantCap === 'number' && Number.isInteger(tenantCap) && tenantCap > 0 ? tenantCap : null,
  });
  const calendar = new SlotCalendar();
  const counters = (await ctx
    .trx('sequenceCapCounters')
    .where({ tenantId })
    .whereIn(
      'scope',
      caps.map((c) => c.key),
    )
    .where('bucket', '>=', new Date(bucketOf(startAt, 'day')))
    .select('scope', 'bucket', 'count')) as { scope: string; bucket: Date; count: number }[];
  for (const row of counters) calendar.add(row.scope, row.bucket.getTime(), row.count);

  const holidays = new Set(
    (
      (await ctx
        .trx('tenantHolidays')
        .where({ tenantId })
        .where('day', '>=', new Date(startAt - 2 * DAY).toISOString().slice(0, 10))
        .select(ctx.trx.raw(`to_char(day, 'YYYY-MM-DD') AS day`))) as { day: string }[]
    ).map((r) => r.day),
  );
  const away = (
    (await ctx
      .trx('userOutOfOffice')
      .where({ tenantId, userId: ownerId })
      .where('endsAt', '>', new Date(startAt))
      .orderBy('startsAt')
      .select('startsAt', 'endsAt')) as { startsAt: Date; endsAt: Date }[]
  ).map((r) => ({ start: r.startsAt.getTime(), end: r.endsAt.getTime() }));

  return {
    plan: {
      steps: def.steps,
      window: def.sendWindow,
      cooldowns: def.cooldowns,
      caps,
      holidays,
      away,
      contacts: cohort,
      startAt,
      calendar,
    },
    sequenceId: def.sequenceId,
    version: def.version,
    excluded,
    warnings,
  };
}

type Definition = Pick<DefinitionRow, 'steps' | 'sendWindow' | 'cooldowns' | 'guardrails'> & {
  sequenceId: string | null;
  version: number | null;
};

/** The saved version asked for (else the current one), or the draft checked like a save would check it. */
async function definitionOf(input: Input, ctx: OpContext): Promise<Definition> {
  const { tenantId } = ctx.principal;
  if (input.draft) {
    try {
      // A draft has no client yet: it may name agency-wide templates and its caller's clients' ones.
      await assertDefinition(
        ctx.trx,
        tenantId,
        input.draft.steps,
        input.draft.sendWindow,
        (clientId) => clientId === null || canSeeClient(ctx, clientId),
      );
    } catch (err) {
      if (!(err instanceof ApiError) || err.code !== 'validation_failed') throw err;
      const issues = ((err.details as { issues?: FieldIssue[] } | undefined)?.issues ?? []).map((i) => ({
        ...i,
        path: `draft.${i.path}`,
      }));
      throw invalidInputs(issues);
    }
    return { ...input.draft, sequenceId: null, version: null };
  }
  const seq = (await ctx.trx('sequences').where({ tenantId, id: input.sequenceId! }).first()) as
    SequenceRow | undefined;
  if (!seq || !canSeeClient(ctx, seq.clientId)) throw notFound('Sequence');
  const version = input.version ?? seq.definitionVersion;
  const row = (await ctx.trx('sequenceVersions').where({ tenantId, sequenceId: seq.id, version }).first()) as
    DefinitionRow | undefined;
  if (!row) throw new ApiError('not_found', `Sequence version ${version} not found`, { field: 'version' });
  return {
    steps: row.steps,
    sendWindow: row.sendWindow,
    cooldowns: row.cooldowns,
    guardrails: row.guardrails,
    sequenceId: seq.id,
    version,
  };
}

/** The first 1,000 contacts (by id) of a saved sequence's audience: the cohort of `fromAudience`. */
async function audienceCohort(ctx: OpContext, sequenceId: string): Promise<string[]> {
  const seq = (await ctx
    .trx('sequences')
    .where({ tenantId: ctx.principal.tenantId, id: sequenceId })
    .first('audience', 'clientId')) as Pick<SequenceRow, 'audience' | 'clientId'>;
  const rows = (await audienceQuery(
    ctx.trx,
    ctx.principal.tenantId,
    readAudience(seq.audience),
    seq.clientId,
    'fromAudience',
  )
    .orderBy('c.id')
    .limit(1000)
    .select('c.id')) as { id: string }[];
  return rows.map((r) => r.id);
}
