import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { ExpectedVersion, Id, Timestamp } from '../../contract/common';
import { CallDisposition, CallSession } from '../../schemas/call';

export const disposition = defineOperation({
  id: 'call.disposition',
  kind: 'mutation',
  summary: "Records a call's outcome; a `callback` disposition creates a call task at `callbackAt`.",
  input: z
    .object({
      id: Id,
      disposition: CallDisposition,
      /** Required when `disposition` is `custom`. */
      customDisposition: z.string().trim().min(1).max(100).optional(),
      notes: z.string().max(10_000).optional(),
      /** Required when `disposition` is `callback`. */
      callbackAt: Timestamp.optional(),
      expectedVersion: ExpectedVersion,
    })
    .refine((v) => v.disposition !== 'custom' || v.customDisposition !== undefined, {
      message: 'customDisposition is required for a custom disposition',
      path: ['customDisposition'],
    })
    .refine((v) => v.disposition !== 'callback' || v.callbackAt !== undefined, {
      message: 'callbackAt is required for a callback',
      path: ['callbackAt'],
    }),
  output: CallSession,
  errors: ['not_found', 'not_owner', 'invalid_state', 'version_conflict'],
  permission: 'call.make',
  flag: 'webrtc_calls',
  emits: ['call.dispositioned', 'task.created'],
  source: 'spec',
});
