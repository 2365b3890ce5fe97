import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id } from '../../../contract/common';
import { CallSummary } from '../../../schemas/call';

export const get = defineOperation({
  id: 'call.summary.get',
  kind: 'query',
  summary: "Answers a call's summary and action items, generated from its transcript.",
  input: z.object({ callId: Id }),
  output: CallSummary,
  errors: ['not_found', 'invalid_state', 'upstream_failed'],
  permission: 'call.read',
  flag: 'webrtc_calls',
  emits: [],
  source: 'catalogue',
});
