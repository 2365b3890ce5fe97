import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id } from '../../../contract/common';
import { CallSession } from '../../../schemas/call';
import { Locale } from '../../../schemas/directory';

export const attach = defineOperation({
  id: 'call.transcript.attach',
  kind: 'mutation',
  summary: 'Attaches the transcript of a call (text and optional speaker segments).',
  input: z.object({
    id: Id,
    language: Locale.optional(),
    text: z.string().min(1).max(1_000_000),
    segments: z
      .array(
        z.object({
          speaker: z.string().max(100),
          startMs: z.number().int().min(0),
          endMs: z.number().int().min(0),
          text: z.string(),
        }),
      )
      .max(20_000)
      .optional(),
  }),
  output: CallSession,
  errors: ['not_found', 'not_owner', 'invalid_state'],
  permission: 'call.make',
  flag: 'webrtc_calls',
  emits: ['call.transcribed'],
  source: 'spec',
});
