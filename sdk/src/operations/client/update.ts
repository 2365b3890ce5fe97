import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { ExpectedVersion, Id } from '../../contract/common';
import { Client } from '../../schemas/client';
import { DomainName } from '../../schemas/crm';

export const update = defineOperation({
  id: 'client.update',
  kind: 'mutation',
  summary: 'Changes the name, code or details of a client of the agency.',
  input: z.object({
    id: Id,
    name: z.string().trim().min(1).max(200).optional(),
    code: z.string().trim().min(1).max(20).nullable().optional(),
    domain: DomainName.nullable().optional(),
    ownerId: Id.nullable().optional(),
    expectedVersion: ExpectedVersion,
  }),
  output: Client,
  errors: ['not_found', 'version_conflict', 'already_exists', 'reference_invalid', 'invalid_state'],
  permission: 'client.write',
  emits: [],
  source: 'catalogue',
});
