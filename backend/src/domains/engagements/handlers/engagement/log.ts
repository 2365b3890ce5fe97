import type { Engagement } from '@pivotal-pm/sdk';
import { uuidv7 } from '#db/ids';
import type { Handler } from '#http/types';
import { canSeeClient } from '#domains/shared/records';
import { presentEngagement, type EngagementRow } from '#domains/engagements/presenters';
import { claimLoggedMessage, findOwnMessage, findOwnMessageByInternetId } from '#domains/engagements/loggedMessage';
import { findAccount, resolveLinks } from '#domains/engagements/references';
import { ApiError, invalidReference } from '#http/errors';

const impliedDirection: Partial<Record<Engagement['type'], 'in' | 'out'>> = {
  email_in: 'in',
  call_in: 'in',
  email_out: 'out',
  call_out: 'out',
};

/**
 * Logs an engagement against an account (taken from the opportunity, or the contact, when not given) by the
 * calling user; denormalises the client from the opportunity or account, bumps the opportunity's last activity.
 * With `messageId`, logs one of the caller's synced emails to the record, sharing its subject and preview.
 */
export const engagementLog: Handler<'engagement.log'> = async (input, ctx) => {
  const { tenantId, userId } = ctx.principal;
  const { opportunity, contact } = await resolveLinks(ctx, input);
  const accountId = input.accountId ?? opportunity?.accountId ?? contact?.accountId;
  const account = accountId === undefined ? undefined : await findAccount(ctx, accountId);
  if (!account) throw invalidReference('accountId', 'no such account in this tenant');
  if (opportunity && opportunity.accountId !== account.id) {
    throw invalidReference('accountId', 'is not the account of the opportunity');
  }
  const clientId = opportunity ? opportunity.clientId : account.clientId;
  // A client-scoped caller (API key) may only write records of its clients; RLS would refuse the insert.
  if (!canSeeClient(ctx, clientId)) throw invalidReference('accountId', 'no such account in this tenant');

  const isEmail = input.type === 'email_in' || input.type === 'email_out';
  // Client-scoped callers never see email engagements (a database policy), so they may not write one either.
  if (isEmail && ctx.principal.clientIds !== null)
    throw new ApiError('forbidden', 'Client-scoped callers cannot log email');
  const message =
    input.messageId !== undefined
      ? await findOwnMessage(ctx, input.messageId)
      : input.internetMessageId !== undefined
        ? await findOwnMessageByInternetId(ctx, input.internetMessageId)
        : null;

  const occurredAt = message
    ? message.receivedAt
    : input.occurredAt === undefined
      ? ctx.now
      : new Date(input.occurredAt);
  const values = {
    opportunityId: opportunity?.id ?? null,
    accountId: account.id,
    contactId: contact?.id ?? null,
    clientId,
    actorId: userId,
    type: input.type,
    direction:
      input.direction === undefined ? (impliedDirection[input.type] ?? message?.direction ?? null) : input.direction,
    // Logging a synced email shares its words: they are copied onto the record's engagement.
    subject: message ? message.subject : (input.subject ?? null),
    bodyPreview: message ? message.snippet : (input.bodyPreview ?? null),
    meta: JSON.stringify(
      message
        ? { ...input.meta, messageId: message.id }
        : input.internetMessageId !== undefined
          ? { ...input.meta, internetMessageId: input.internetMessageId }
          : input.meta,
    ),
    channel: input.channel,
    updatedAt: ctx.now,
  };
  const id = uuidv7();
  // An email not synced yet is logged once per user: a second log answers the first one's engagement, unchanged.
  if (!message && input.internetMessageId !== undefined) {
    const earlier = await claimLoggedMessage(ctx, input.internetMessageId, id, occurredAt);
    if (earlier) {
      const existing = (await ctx
        .trx('engagements')
        .where({ tenantId, id: earlier.engagementId, occurredAt: earlier.engagementOccurredAt })
        .first()) as EngagementRow | undefined;
      if (existing) return presentEngagement(existing);
    }
  }
  // A message has one engagement: the one sync made for it (if any) becomes the logged one.
  let [row] = message
    ? ((await ctx
        .trx('engagements')
        .where({ tenantId, messageId: message.id })
        .update(values)
        .returning('*')) as EngagementRow[])
    : [];
  row ??= (
    (await ctx
      .trx('engagements')
      .insert({
        ...values,
        tenantId,
        id,
        occurredAt,
        messageId: message?.id ?? null,
        isBot: false,
        createdAt: ctx.now,
      })
      .returning('*')) as EngagementRow[]
  )[0];
  const engagement = presentEngagement(row!);

  if (opportunity) {
    // Only ever moves forward: a back-dated note does not make the opportunity look less recently touched.
    await ctx
      .trx('opportunities')
      .where({ tenantId, id: opportunity.id })
      .update({
        lastActivityAt: ctx.trx.raw('greatest(coalesce(last_activity_at, ?::timestamptz), ?::timestamptz)', [
          occurredAt,
          occurredAt,
        ]),
      });
  }
  // A meeting with the contact (or on the opportunity) is what most sequences aim for: their stop rule reacts to
  // it (`domains/reactions.ts`). A meeting logged as cancelled or missed is not one.
  const outcome = typeof input.meta.outcome === 'string' ? input.meta.outcome : null;
  const meetingBooked = input.type === 'meeting' && outcome !== 'cancelled' && outcome !== 'noShow';
  await ctx.audit({ targetType: 'engagement', targetId: engagement.id, after: engagement });
  await ctx.emit(
    'engagement.logged',
    {
      engagementId: engagement.id,
      type: engagement.type,
      channel: engagement.channel,
      accountId: engagement.accountId,
      contactId: engagement.contactId,
      opportunityId: engagement.opportunityId,
      actorId: engagement.actorId,
      occurredAt: engagement.occurredAt,
      isBot: engagement.isBot,
    },
    { clientId, facts: { meetingBooked } },
  );
  return engagement;
};
