/**
 * The context domain: composite reads that gather several domains for one screen (the Outlook pane), and that no
 * other domain imports, so gathering them makes no import circle.
 */
import {
  LIVE_ENROLLMENT_STATUSES,
  type EngagementType,
  slaState,
  type MailContextEnrollment,
  type MailContextOpportunity,
  type MailContextPerson,
} from '@pivotal-pm/sdk';
import type { Handler, OpContext } from '#http/types';
import { isoRequired } from '#domains/shared/present';
import { scopeToClients } from '#domains/shared/records';
import { presentAccount, presentContact, type AccountRow, type ContactRow } from '#domains/crm/presenters';
import { presentTask, type TaskRow } from '#domains/engagements/presenters';
import { presentOpportunity } from '#domains/pipelines/presenters';
import type { OpportunityRow, PipelineRow } from '#domains/pipelines/rows';
import { presentEnrollment } from '#domains/sequences/presenters';
import type { DefinitionRow, EnrollmentRow } from '#domains/sequences/rows';

/** Most opportunities, tasks and enrollments the pane lists (the rest is one click away in the tab). */
const LIMIT = 20;

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

/** The caller's own addresses (user and mailboxes): never "people" of their own message. */
async function ownAddresses(ctx: OpContext): Promise<Set<string>> {
  const { tenantId, userId } = ctx.principal;
  if (userId === null) return new Set();
  const rows = (await ctx.trx
    .select('email as address')
    .from('users')
    .where({ tenantId, id: userId })
    .unionAll((q) =>
      q.select('address').from('mailboxAccounts').where({ tenantId, userId }).whereNotNull('address'),
    )) as { address: string }[];
  return new Set(rows.map((r) => r.address.toLowerCase()));
}

/**
 * The caller's synced copy of the message, the engagement it is logged as, and the opportunities the other messages
 * of its conversation (in the caller's mailbox) are logged to: a reply to a thread already on a deal finds the deal.
 */
async function findMessage(ctx: OpContext, internetMessageId: string | undefined) {
  const { tenantId, userId } = ctx.principal;
  if (internetMessageId === undefined || userId === null || !ctx.can('engagement.read')) return null;
  const row = (await ctx
    .trx('messageIndex')
    .where({ tenantId, internetMessageId, userId })
    .orderBy('receivedAt', 'desc')
    .first('id', 'conversationId', 'receivedAt')) as
    { id: string; conversationId: string | null; receivedAt: Date } | undefined;
  if (!row) return null;
  const engagement = (await ctx
    .trx('engagements')
    .where({ tenantId, messageId: row.id, occurredAt: row.receivedAt })
    .first('id', 'opportunityId')) as { id: string; opportunityId: string | null } | undefined;
  const thread =
    row.conversationId === null
      ? []
      : ((await ctx
          .trx('messageIndex as m')
          .join('engagements as e', function joinEngagement() {
            this.on('e.tenantId', 'm.tenantId').andOn('e.messageId', 'm.id').andOn('e.occurredAt', 'm.receivedAt');
          })
          .where({ 'm.tenantId': tenantId, 'm.userId': userId, 'm.conversationId': row.conversationId })
          .whereNotNull('e.opportunityId')
          .orderBy('m.receivedAt', 'desc')
          .limit(LIMIT)
          .select('e.opportunityId')) as { opportunityId: string }[]);
  const opportunityIds = [
    ...new Set([engagement?.opportunityId ?? null, ...thread.map((t) => t.opportunityId)].filter((id) => id !== null)),
  ];
  return { id: row.id, conversationId: row.conversationId, engagement: engagement ?? null, opportunityIds };
}

/**
 * Who the people of an email are in Pivotal and what is open with them, in one answer for the Outlook pane. People
 * are matched by address (contacts) and, for unknown ones, by their domain (accounts); opportunities by the synced
 * message's engagement, the contacts (primary contact) and their accounts. Each section answers only what the
 * caller's permissions read; client scopes and mailbox privacy apply as everywhere (RLS).
 */
export const mailContextGet: Handler<'mailContext.get'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const own = await ownAddresses(ctx);
  const seen = new Set<string>();
  const addressed: { address: string; role: MailContextPerson['role'] }[] = [];
  for (const [role, list] of [
    ['from', input.from ? [input.from] : []],
    ['to', input.to],
    ['cc', input.cc],
  ] as const) {
    for (const address of list) {
      if (own.has(address) || seen.has(address)) continue;
      seen.add(address);
      addressed.push({ address, role });
    }
  }
  const addresses = addressed.map((a) => a.address);
  const message = await findMessage(ctx, input.internetMessageId);

  const contacts =
    addresses.length === 0 || !ctx.can('contact.read')
      ? []
      : ((await scopeToClients(
          ctx,
          ctx.trx('contacts').where({ tenantId }).whereIn('email', addresses).whereNull('mergedIntoId'),
        ).orderBy('createdAt')) as ContactRow[]);
  const contactByEmail = new Map<string, ContactRow>();
  for (const c of contacts) if (c.email && !contactByEmail.has(c.email)) contactByEmail.set(c.email, c);

  const unknownDomains = [...new Set(addresses.filter((a) => !contactByEmail.has(a)).map(domainOf))];
  const accounts = !ctx.can('account.read')
    ? []
    : ((await scopeToClients(
        ctx,
        ctx
          .trx('accounts')
          .where({ tenantId })
          .where((q) => {
            q.whereIn('id', [...new Set(contacts.map((c) => c.accountId))]);
            if (unknownDomains.length > 0) q.orWhereIn('domain', unknownDomains);
          }),
      ).limit(LIMIT * 2)) as AccountRow[]);
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  const accountByDomain = new Map<string, AccountRow>();
  for (const a of accounts) if (a.domain && !accountByDomain.has(a.domain)) accountByDomain.set(a.domain, a);

  const people: MailContextPerson[] = addressed.map(({ address, role }) => {
    const contact = contactByEmail.get(address) ?? null;
    const account = contact ? accountById.get(contact.accountId) : accountByDomain.get(domainOf(address));
    return {
      address,
      role,
      contact: contact && presentContact(contact),
      account: account ? presentAccount(account) : null,
    };
  });

  const contactIds = [...new Set(contacts.map((c) => c.id))];
  const accountIds = [...accountById.keys()];
  const opportunities = await openOpportunities(ctx, message?.opportunityIds ?? [], contactIds, accountIds);
  const opportunityIds = opportunities.map((o) => o.opportunity.id);

  return {
    message: message && {
      id: message.id,
      conversationId: message.conversationId,
      engagementId: message.engagement?.id ?? null,
    },
    people,
    opportunities,
    lastTouch: await lastTouch(ctx, contactIds, accountIds),
    openTasks: await openTasks(ctx, opportunityIds, contactIds),
    enrollments: await liveEnrollments(ctx, contactIds),
  };
};

async function openOpportunities(
  ctx: OpContext,
  fromMessage: string[],
  contactIds: string[],
  accountIds: string[],
): Promise<MailContextOpportunity[]> {
  const { tenantId } = ctx.principal;
  if (!ctx.can('opportunity.read') || fromMessage.length + contactIds.length + accountIds.length === 0) return [];
  const rows = (await ctx
    .trx('opportunities as o')
    .join('pipelines as p', function joinPipeline() {
      this.on('p.tenantId', 'o.tenantId').andOn('p.id', 'o.pipelineId');
    })
    .leftJoin('users as u', function joinOwner() {
      this.on('u.tenantId', 'o.tenantId').andOn('u.id', 'o.ownerId');
    })
    .where('o.tenantId', tenantId)
    .where('o.status', 'open')
    .where((q) => {
      if (fromMessage.length > 0) q.orWhereIn('o.id', fromMessage);
      if (contactIds.length > 0) q.orWhereIn('o.primaryContactId', contactIds);
      if (accountIds.length > 0) q.orWhereIn('o.accountId', accountIds);
    })
    .orderByRaw('(o.id = any(?::uuid[])) desc, o.updated_at desc', [fromMessage])
    .limit(LIMIT)
    .select(
      'o.*',
      'p.name as pipelineName',
      'p.slaPolicy as pipelineSlaPolicy',
      'u.displayName as ownerName',
    )) as (OpportunityRow & {
    pipelineName: string;
    pipelineSlaPolicy: PipelineRow['slaPolicy'];
    ownerName: string | null;
  })[];
  const contactSet = new Set(contactIds);
  return rows.map((row) => {
    const lastTouch = new Date(row.lastActivityAt ?? row.stageEnteredAt);
    return {
      opportunity: presentOpportunity(row),
      pipelineName: row.pipelineName,
      ownerName: row.ownerName,
      daysInStage: Math.max(0, Math.floor((ctx.now.getTime() - new Date(row.stageEnteredAt).getTime()) / 86_400_000)),
      sla: slaState(row.pipelineSlaPolicy, row.stage, lastTouch, ctx.now),
      matchedBy: fromMessage.includes(row.id)
        ? 'message'
        : row.primaryContactId !== null && contactSet.has(row.primaryContactId)
          ? 'contact'
          : 'account',
    };
  });
}

async function lastTouch(ctx: OpContext, contactIds: string[], accountIds: string[]) {
  if (!ctx.can('engagement.read') || contactIds.length + accountIds.length === 0) return null;
  const row = (await ctx
    .trx('engagements')
    .where({ tenantId: ctx.principal.tenantId, isBot: false })
    .where((q) => {
      if (contactIds.length > 0) q.orWhereIn('contactId', contactIds);
      if (accountIds.length > 0) q.orWhereIn('accountId', accountIds);
    })
    .orderBy('occurredAt', 'desc')
    .first('occurredAt', 'type', 'direction', 'contactId', 'opportunityId')) as
    | {
        occurredAt: Date;
        type: EngagementType;
        direction: 'in' | 'out' | null;
        contactId: string | null;
        opportunityId: string | null;
      }
    | undefined;
  if (!row) return null;
  const { occurredAt, ...rest } = row;
  return { at: isoRequired(occurredAt), ...rest };
}

async function openTasks(ctx: OpContext, opportunityIds: string[], contactIds: string[]) {
  if (!ctx.can('task.read') || opportunityIds.length + contactIds.length === 0) return [];
  const rows = (await ctx
    .trx('tasks')
    .where({ tenantId: ctx.principal.tenantId })
    .whereNot('status', 'completed')
    .where((q) => {
      if (opportunityIds.length > 0) q.orWhereIn('opportunityId', opportunityIds);
      if (contactIds.length > 0) q.orWhereIn('contactId', contactIds);
    })
    .orderByRaw('due_at asc nulls last, id')
    .limit(LIMIT)) as TaskRow[];
  return rows.map((row) => presentTask(row, ctx.now));
}

async function liveEnrollments(ctx: OpContext, contactIds: string[]): Promise<MailContextEnrollment[]> {
  const { tenantId } = ctx.principal;
  if (!ctx.can('sequence.read') || contactIds.length === 0) return [];
  const rows = (await ctx
    .trx('sequenceEnrollments as e')
    .join('sequences as s', function joinSequence() {
      this.on('s.tenantId', 'e.tenantId').andOn('s.id', 'e.sequenceId');
    })
    .leftJoin('sequenceVersions as v', function joinVersion() {
      this.on('v.tenantId', 'e.tenantId').andOn('v.sequenceId', 'e.sequenceId').andOn('v.version', 'e.sequenceVersion');
    })
    .where('e.tenantId', tenantId)
    .whereIn('e.contactId', contactIds)
    .whereIn('e.status', LIVE_ENROLLMENT_STATUSES)
    .orderBy('e.createdAt', 'desc')
    .limit(LIMIT)
    .select('e.*', 's.name as sequenceName', 'v.steps as versionSteps')) as (EnrollmentRow & {
    sequenceName: string;
    versionSteps: DefinitionRow['steps'] | null;
  })[];
  return rows.map((row) => {
    const step = row.versionSteps?.[row.currentStep];
    return {
      enrollment: presentEnrollment(row),
      sequenceName: row.sequenceName,
      nextStep: step ? { index: row.currentStep, type: step.type } : null,
    };
  });
}
