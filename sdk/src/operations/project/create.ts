import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { DateOnly, Id } from '../../contract/common';
import { Project } from '../../schemas/client';

export const create = defineOperation({
  id: 'project.create',
  kind: 'mutation',
  summary: 'Creates a project of a client.',
  input: z
    .object({
      clientId: Id,
      name: z.string().trim().min(1).max(200),
      code: z.string().trim().min(1).max(20).optional(),
      startDate: DateOnly.optional(),
      endDate: DateOnly.optional(),
    })
    .refine((v) => !v.startDate || !v.endDate || v.startDate <= v.endDate, {
      message: '`startDate` must not be after `endDate`',
      path: ['endDate'],
    }),
  output: Project,
  errors: ['already_exists', 'reference_invalid'],
  permission: 'client.write',
  emits: [],
  source: 'catalogue',
});
