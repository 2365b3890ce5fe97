import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { CallToken } from '../../../schemas/call';

export const get = defineOperation({
  id: 'call.token.get',
  kind: 'query',
  summary: 'Answers an access token for the browser dialer (Azure Communication Services identity).',
  input: z.object({}),
  output: CallToken,
  errors: ['upstream_failed'],
  permission: 'call.make',
  flag: 'webrtc_calls',
  emits: [],
  source: 'catalogue',
});
