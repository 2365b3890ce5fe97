import { z } from 'zod';

const Account = z.object({ id: z.string().min(1), name: z.string().optional(), aadObjectId: z.string().optional() });

/**
 * The fields of an inbound activity the bot reads, checked before anything acts on them (the Activity protocol
 * has many more; unknown ones pass through untouched).
 */
export const InboundActivity = z
  .object({
    type: z.string().min(1),
    id: z.string().optional(),
    channelId: z.string().min(1),
    serviceUrl: z.url({ protocol: /^https?$/ }),
    from: Account,
    recipient: Account,
    conversation: z.object({ id: z.string().min(1), tenantId: z.string().optional() }).loose(),
    channelData: z
      .object({ tenant: z.object({ id: z.string() }).optional() })
      .loose()
      .optional(),
    locale: z.string().optional(),
    text: z.string().optional(),
    action: z.string().optional(),
    name: z.string().optional(),
    value: z.unknown().optional(),
    replyToId: z.string().optional(),
    membersAdded: z.array(Account).optional(),
    membersRemoved: z.array(Account).optional(),
  })
  .loose();
/** An inbound activity (the checked fields). */
export type InboundActivity = z.infer<typeof InboundActivity>;

/** Where a proactive message goes: the stored reference of a user's personal chat. */
export type ConversationReference = {
  serviceUrl: string;
  channelId: 'msteams';
  conversation: { id: string; tenantId?: string };
  user: { id: string; aadObjectId?: string; name?: string };
  bot: { id: string; name?: string };
  locale?: string;
};

/** An outbound activity (a message with attachments, or a typing indicator). */
export type OutboundActivity = {
  type: 'message' | 'typing';
  text?: string;
  attachments?: { contentType: string; content: unknown }[];
  summary?: string;
};

/** The reference of the conversation an inbound activity came from (what install stores). */
export function referenceOf(activity: InboundActivity): ConversationReference {
  const tenantId = activity.conversation.tenantId ?? activity.channelData?.tenant?.id;
  return {
    serviceUrl: activity.serviceUrl,
    channelId: 'msteams',
    conversation: { id: activity.conversation.id, ...(tenantId ? { tenantId } : {}) },
    user: { ...activity.from },
    bot: { ...activity.recipient },
    ...(activity.locale ? { locale: activity.locale } : {}),
  };
}
