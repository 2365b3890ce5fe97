import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { EventNameSchema } from '../../events/index';
import { WebhookWithSecret } from '../../schemas/admin';

export const create = defineOperation({
  id: 'webhook.create',
  kind: 'mutation',
  summary: 'Subscribes a URL to events, delivered HMAC-signed with a secret that is shown only in this answer.',
  input: z.object({
    /** https to a public address (the server resolves the host and refuses loopback, private, link-local and metadata targets); http only on localhost / 127.0.0.1 outside production. */
    url: z
      .url()
      .max(2000)
      .refine((u) => {
        // Refinements run even when the url check failed: an unparsable value is that check's issue, not a crash.
        let parsed: URL;
        try {
          parsed = new URL(u);
        } catch {
          return true;
        }
        const { protocol, hostname } = parsed;
        return (
          protocol === 'https:' || (protocol === 'http:' && (hostname === 'localhost' || hostname === '127.0.0.1'))
        );
      }, 'webhook URLs must use https (http only for localhost or 127.0.0.1)'),
    events: z.array(EventNameSchema).min(1),
    description: z.string().trim().max(500).optional(),
  }),
  output: WebhookWithSecret,
  errors: [],
  permission: 'webhook.manage',
  emits: [],
  source: 'catalogue',
});
