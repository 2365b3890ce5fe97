import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { DateOnly, ExpectedVersion, Id } from '../../contract/common';
import { Project } from '../../schemas/client';

export const update = defineOperation({
  id: 'project.update',
  kind: 'mutation',
  summary: 'Changes the name, code or details of a project of a client.',
  input: z.object({
    id: Id,
    name: z.string().trim().min(1).max(200).optional(),
    code: z.string().trim().min(1).max(20).nullable().optional(),
    startDate: DateOnly.nullable().optional(),
    endDate: DateOnly.nullable().optional(),
    expectedVersion: ExpectedVersion,
  }),
  output: Project,
  errors: ['not_found', 'version_conflict', 'already_exists', 'reference_invalid', 'invalid_state'],
  permission: 'client.write',
  emits: [],
  source: 'catalogue',
});
