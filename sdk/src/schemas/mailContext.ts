import { z } from 'zod';
import { Email, Id, Timestamp } from '../contract/common';
import { Account, Contact } from './crm';
import { EngagementDirection, EngagementType, Task } from './engagement';
import { Opportunity } from './opportunity';
import { SequenceEnrollment } from './sequence';

/** One address of the message (sender or recipient) and who it is in Pivotal. */
export const MailContextPerson = z.object({
  address: Email,
  role: z.enum(['from', 'to', 'cc']),
  /** The contact with this address; null for an unknown sender. */
  contact: Contact.nullable(),
  /** The contact's account, else the account whose domain is the address's domain. */
  account: Account.nullable(),
});
export type MailContextPerson = z.infer<typeof MailContextPerson>;

/** An open opportunity involved in the message, with what a rep needs at a glance. */
export const MailContextOpportunity = z.object({
  opportunity: Opportunity,
  pipelineName: z.string(),
  ownerName: z.string().nullable(),
  /** Whole days since the opportunity entered its stage. */
  daysInStage: z.number().int().min(0),
  /** Its stage's idle SLA: `ok`, `at_risk` (three quarters of the limit gone) or `breached`; null when none. */
  sla: z.enum(['ok', 'at_risk', 'breached']).nullable(),
  /** How it was found: the synced message's engagement, a contact of the message, or an account of theirs. */
  matchedBy: z.enum(['message', 'contact', 'account']),
});
export type MailContextOpportunity = z.infer<typeof MailContextOpportunity>;

/** A live enrollment of one of the message's contacts, with its sequence and next step. */
export const MailContextEnrollment = z.object({
  enrollment: SequenceEnrollment,
  sequenceName: z.string(),
  /** The step that runs next (`enrollment.currentStep`) and its type; null after the last one. */
  nextStep: z.object({ index: z.number().int().min(0), type: z.string() }).nullable(),
});
export type MailContextEnrollment = z.infer<typeof MailContextEnrollment>;

/** Everything the Outlook pane shows about the open message, in one answer (`mailContext.get`). */
export const MailContext = z.object({
  /** The caller's synced copy of the message, when Pivotal has it: logging it shares it on its engagement. */
  message: z
    .object({
      id: Id,
      conversationId: z.string().nullable(),
      /** The engagement the message is logged as (one per message), if any. */
      engagementId: Id.nullable(),
    })
    .nullable(),
  people: z.array(MailContextPerson),
  opportunities: z.array(MailContextOpportunity),
  /** The latest engagement with any of the message's contacts or accounts. */
  lastTouch: z
    .object({
      at: Timestamp,
      type: EngagementType,
      direction: EngagementDirection.nullable(),
      contactId: Id.nullable(),
      opportunityId: Id.nullable(),
    })
    .nullable(),
  /** Open tasks on the opportunities or contacts, soonest due first. */
  openTasks: z.array(Task),
  enrollments: z.array(MailContextEnrollment),
});
export type MailContext = z.infer<typeof MailContext>;
