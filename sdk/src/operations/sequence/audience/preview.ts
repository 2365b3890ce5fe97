import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id, page, pageInput } from '../../../contract/common';
import { AudienceMember, AudienceQuery } from '../../../schemas/audience';

export const preview = defineOperation({
  id: 'sequence.audience.preview',
  kind: 'query',
  summary:
    "Lists the contacts an audience selects (a saved sequence's, or one being edited), by contact id, within the caller's client scope and, for a client's sequence, that client's contacts.",
  input: z
    .object({ sequenceId: Id.optional(), audience: AudienceQuery.optional(), ...pageInput })
    .refine((v) => v.sequenceId !== undefined || v.audience !== undefined, {
      message: 'give a sequenceId or an audience',
      path: ['audience'],
    }),
  output: page(AudienceMember),
  errors: ['not_found'],
  permission: 'sequence.read',
  flag: 'sequences',
  emits: [],
  list: true,
  source: 'project',
});
