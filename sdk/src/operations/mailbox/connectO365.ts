import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Email, Timestamp } from '../../contract/common';

export const connectO365 = defineOperation({
  id: 'mailbox.connectO365',
  kind: 'mutation',
  summary:
    "Starts connecting the caller's Office 365 mailbox and answers the consent URL to open (the OAuth callback is a plain route).",
  input: z.object({
    /** Where the browser returns after consent; must be an allowed redirect. */
    redirectUri: z.url().optional(),
    loginHint: Email.optional(),
    /** Also ask for calendar.readwrite (meetings). */
    calendar: z.boolean().default(false),
  }),
  output: z.object({ consentUrl: z.url(), state: z.string(), expiresAt: Timestamp }),
  errors: ['invalid_state'],
  permission: 'mailbox.manage',
  flag: 'inbox_o365',
  emits: [],
  source: 'spec',
});
