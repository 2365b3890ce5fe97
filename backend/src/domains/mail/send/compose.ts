import { findMergeTags } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { ApiError, notFound } from '#http/errors';
import type { OpContext } from '#http/types';
import { referenceInvalid } from '#domains/shared/referenceChecks';
import { escapeHtml, type MergeValues, mergeOverrides, renderMergeTags } from '../render';
import { suppressedEmails } from '../suppressions';
import { loadTemplate } from '../templates';

/** The records merge tags are filled from: the recipient contact (its account), the opportunity and the sender. */
/**
 * Where merge values come from. `contact`, when given, is the contact's row as `contactsByAddress` read it (its
 * merge fields included), so the contact is not read again.
 */
export type MergeSources = {
  tenantId: string;
  contactId: string | null;
  opportunityId: string | null;
  senderUserId: string | null;
  today: Date;
  contact?: RecipientContact | undefined;
};

/** A recipient that is a contact, with the fields its merge tags read. */
export type RecipientContact = {
  id: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  accountName: string | null;
  accountDomain: string | null;
};

/**
 * Looks up the values of the merge tags `texts` use for one message (missing records leave their tags empty);
 * records no tag needs are not read, so a plain message costs no query here.
 */
export async function mergeValues(trx: Knex.Transaction, src: MergeSources, texts: string[]): Promise<MergeValues> {
  const { tenantId } = src;
  const used = new Set(texts.flatMap((text) => findMergeTags(text).map((u) => u.tag.split('.')[0]!)));
  const wantsContact = src.contactId !== null && (used.has('contact') || used.has('account'));
  const contact: Record<string, string | null> | undefined = !wantsContact
    ? undefined
    : src.contact?.id === src.contactId
      ? src.contact
      : ((await trx('contacts as c')
          .leftJoin('accounts as a', function join() {
            this.on('a.tenantId', 'c.tenantId').andOn('a.id', 'c.accountId');
          })
          .where({ 'c.tenantId': tenantId, 'c.id': src.contactId! })
          .first(
            'c.firstName',
            'c.lastName',
            'c.email',
            'c.title',
            'a.name as accountName',
            'a.domain as accountDomain',
          )) as Record<string, string | null> | undefined);
  const opp =
    src.opportunityId && ['opportunity', 'account', 'client', 'project'].some((g) => used.has(g))
      ? ((await trx('opportunities as o')
          .leftJoin('clients as cl', function join() {
            this.on('cl.tenantId', 'o.tenantId').andOn('cl.id', 'o.clientId');
          })
          .leftJoin('projects as p', function join() {
            this.on('p.tenantId', 'o.tenantId').andOn('p.id', 'o.projectId');
          })
          .leftJoin('accounts as a', function join() {
            this.on('a.tenantId', 'o.tenantId').andOn('a.id', 'o.accountId');
          })
          .where({ 'o.tenantId': tenantId, 'o.id': src.opportunityId })
          .first(
            'o.name',
            'o.stage',
            'o.amount',
            'o.currency',
            'o.closeDate',
            'cl.name as clientName',
            'p.name as projectName',
            'a.name as accountName',
            'a.domain as accountDomain',
          )) as Record<string, unknown> | undefined)
      : undefined;
  const sender =
    src.senderUserId && used.has('sender')
      ? ((await trx('users').where({ tenantId, id: src.senderUserId }).first('displayName', 'email')) as
          { displayName: string | null; email: string } | undefined)
      : undefined;
  const str = (v: unknown) =>
    v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  const full = [contact?.firstName, contact?.lastName].filter(Boolean).join(' ');
  return {
    'contact.firstName': str(contact?.firstName),
    'contact.lastName': str(contact?.lastName),
    'contact.fullName': full || null,
    'contact.email': str(contact?.email),
    'contact.title': str(contact?.title),
    'account.name': str(contact?.accountName ?? opp?.accountName),
    'account.domain': str(contact?.accountDomain ?? opp?.accountDomain),
    'opportunity.name': str(opp?.name),
    'opportunity.stage': str(opp?.stage),
    'opportunity.amount': str(opp?.amount),
    'opportunity.currency': str(opp?.currency),
    'opportunity.closeDate': str(opp?.closeDate),
    'client.name': str(opp?.clientName),
    'project.name': str(opp?.projectName),
    'sender.name': str(sender?.displayName),
    'sender.firstName': str(sender?.displayName?.split(/\s+/)[0]),
    'sender.email': str(sender?.email),
    today: src.today.toISOString().slice(0, 10),
  };
}

/** Contacts of the tenant whose address is one of `addresses` (RLS: those the caller may see). */
export async function contactsByAddress(
  trx: Knex.Transaction,
  tenantId: string,
  addresses: string[],
): Promise<RecipientContact[]> {
  if (addresses.length === 0) return [];
  // With the merge fields (one read serves the linking and the merge tags).
  return (await trx('contacts as c')
    .leftJoin('accounts as a', function join() {
      this.on('a.tenantId', 'c.tenantId').andOn('a.id', 'c.accountId');
    })
    .where({ 'c.tenantId': tenantId })
    .whereNull('c.mergedIntoId')
    .whereIn(
      'c.email',
      addresses.map((a) => a.toLowerCase()),
    )
    .select(
      'c.id',
      'c.email',
      'c.firstName',
      'c.lastName',
      'c.title',
      'a.name as accountName',
      'a.domain as accountDomain',
    )) as RecipientContact[];
}

/** The subject and body to render: the request's, else the template's (404 for a template the caller cannot see). */
export async function pickContent(
  ctx: OpContext,
  templateId: string | undefined,
  subject: string | undefined,
  body: { contentType: 'html' | 'text'; content: string } | undefined,
) {
  if (templateId === undefined) return { subject: subject ?? '', body: body! };
  const template = await loadTemplate(ctx, templateId).catch((error: unknown) => {
    if (error instanceof ApiError && error.code === 'not_found')
      throw referenceInvalid('templateId', 'no such template');
    throw error;
  });
  if (template.archivedAt) throw referenceInvalid('templateId', 'the template is archived');
  return {
    subject: subject ?? template.subject,
    body: body ?? { contentType: template.bodyType, content: template.body },
  };
}

/** Renders subject and body with merge values (`mergeData` wins); the body becomes HTML. */
export function render(
  content: { subject: string; body: { contentType: 'html' | 'text'; content: string } },
  values: MergeValues,
  mergeData: Record<string, unknown> | undefined,
) {
  const merged = { ...values, ...mergeOverrides(mergeData) };
  const subject = renderMergeTags(content.subject, merged, 'text');
  const rendered = renderMergeTags(content.body.content, merged, content.body.contentType);
  const bodyHtml =
    content.body.contentType === 'html' ? rendered : `<div style="white-space: pre-wrap">${escapeHtml(rendered)}</div>`;
  return { subject, bodyHtml };
}

/** 422 recipient_suppressed when a recipient is on the suppression list (by address or domain). */
export async function assertNotSuppressed(trx: Knex.Transaction, tenantId: string, addresses: string[]): Promise<void> {
  const suppressed = await suppressedEmails(trx, tenantId, addresses);
  if (suppressed.size > 0)
    throw new ApiError('recipient_suppressed', `Suppressed recipient(s): ${[...suppressed].join(', ')}`, {
      addresses: [...suppressed],
    });
}

/** The sending mailbox: the one asked for when the caller owns it or holds a readSend share, else the caller's own. */
export async function senderMailbox(
  ctx: OpContext,
  mailboxId: string | undefined,
): Promise<{ id: string; userId: string }> {
  if (ctx.principal.clientIds !== null) throw notFound('Mailbox');
  const { tenantId, userId } = ctx.principal;
  if (mailboxId === undefined) {
    const own = (await ctx
      .trx('mailboxAccounts')
      .where({ tenantId, userId: userId ?? '00000000-0000-0000-0000-000000000000', status: 'connected' })
      .first('id', 'userId')) as { id: string; userId: string } | undefined;
    if (!own)
      throw new ApiError(
        'mailbox_not_connected',
        'No mailbox is connected for you: connect Office 365 first (mailbox.connectO365)',
      );
    return own;
  }
  const row = (await ctx.trx('mailboxAccounts').where({ tenantId, id: mailboxId }).first('id', 'userId', 'status')) as
    { id: string; userId: string; status: string } | undefined;
  if (!row) throw notFound('Mailbox');
  if (row.userId !== userId) {
    const share = await ctx
      .trx('mailboxShares')
      .where({ tenantId, mailboxId, userId: userId ?? '', access: 'readSend' })
      .whereNull('revokedAt')
      .first('id');
    if (!share) throw notFound('Mailbox');
  }
  if (row.status !== 'connected')
    throw new ApiError('mailbox_not_connected', 'The mailbox is not connected: reconnect it (mailbox.connectO365)');
  return row;
}
