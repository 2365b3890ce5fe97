import { z } from 'zod';
import { base, Email, Id, JsonObject, Phone, Timestamp, TimeZone, Version } from '../contract/common';
import { Locale } from './directory';

/** An internet domain such as `acme.com`. */
export const DomainName = z
  .string()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'expected a domain such as acme.com');

/** A company the agency sells to, or on behalf of a client (`clientId`). */
export const Account = z.object({
  ...base,
  name: z.string(),
  domain: DomainName.nullable(),
  industry: z.string().nullable(),
  website: z.string().nullable(),
  phone: Phone.nullable(),
  clientId: Id.nullable(),
  ownerId: Id.nullable(),
  tags: z.array(z.string()),
  customFields: JsonObject,
  version: Version,
});
export type Account = z.infer<typeof Account>;

/** A person at an account, with channels, locale and opt-out state (sequences and sends honour `optedOut`). */
export const Contact = z.object({
  ...base,
  accountId: Id,
  clientId: Id.nullable(),
  firstName: z.string(),
  lastName: z.string(),
  title: z.string().nullable(),
  email: Email.nullable(),
  phone: Phone.nullable(),
  timeZone: TimeZone.nullable(),
  locale: Locale.nullable(),
  optedOut: z.boolean(),
  optOutAt: Timestamp.nullable(),
  ownerId: Id.nullable(),
  /** Engagement score kept by the Scoring worker. */
  score: z.number().int(),
  tags: z.array(z.string()),
  version: Version,
});
export type Contact = z.infer<typeof Contact>;
