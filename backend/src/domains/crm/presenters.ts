import type { Account, Contact } from '@pivotal-pm/sdk';
import { iso, isoRequired } from '#domains/shared/present';
import { tableColumns } from '#db/tableColumns';

/** An `accounts` row. */
export type AccountRow = {
  tenantId: string;
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  website: string | null;
  phone: string | null;
  clientId: string | null;
  ownerId: string | null;
  tags: string[];
  customFields: Record<string, unknown>;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};
/** The columns of `AccountRow` (`accounts`). */
export const accountColumns = tableColumns<AccountRow>()('accounts', [
  'tenantId',
  'id',
  'name',
  'domain',
  'industry',
  'website',
  'phone',
  'clientId',
  'ownerId',
  'tags',
  'customFields',
  'version',
  'createdAt',
  'updatedAt',
]);

/** A `contacts` row. */
export type ContactRow = {
  tenantId: string;
  id: string;
  accountId: string;
  clientId: string | null;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  email: string | null;
  phone: string | null;
  timeZone: string | null;
  locale: string | null;
  optedOut: boolean;
  optOutAt: Date | null;
  ownerId: string | null;
  score: number;
  tags: string[];
  mergedIntoId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};
/** The columns of `ContactRow` (`contacts`). */
export const contactColumns = tableColumns<ContactRow>()(
  'contacts',
  [
    'tenantId',
    'id',
    'accountId',
    'clientId',
    'firstName',
    'lastName',
    'title',
    'email',
    'phone',
    'timeZone',
    'locale',
    'optedOut',
    'optOutAt',
    'ownerId',
    'score',
    'tags',
    'mergedIntoId',
    'version',
    'createdAt',
    'updatedAt',
  ],
  false,
);

/** An account row as the `Account` DTO. */
export function presentAccount(row: AccountRow): Account {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    domain: row.domain,
    industry: row.industry,
    website: row.website,
    phone: row.phone,
    clientId: row.clientId,
    ownerId: row.ownerId,
    tags: row.tags,
    customFields: row.customFields,
    version: row.version,
    createdAt: isoRequired(row.createdAt),
    updatedAt: isoRequired(row.updatedAt),
  };
}

/** A contact row as the `Contact` DTO. */
export function presentContact(row: ContactRow): Contact {
  return {
    id: row.id,
    tenantId: row.tenantId,
    accountId: row.accountId,
    clientId: row.clientId,
    firstName: row.firstName ?? '',
    lastName: row.lastName ?? '',
    title: row.title,
    email: row.email,
    phone: row.phone,
    timeZone: row.timeZone,
    locale: row.locale,
    optedOut: row.optedOut,
    optOutAt: iso(row.optOutAt),
    ownerId: row.ownerId,
    score: row.score,
    tags: row.tags,
    version: row.version,
    createdAt: isoRequired(row.createdAt),
    updatedAt: isoRequired(row.updatedAt),
  };
}
