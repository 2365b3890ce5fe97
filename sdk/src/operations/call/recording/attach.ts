import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id } from '../../../contract/common';
import { CallSession } from '../../../schemas/call';

export const attach = defineOperation({
  id: 'call.recording.attach',
  kind: 'mutation',
  summary: "Attaches a call's recording once the region's consent rule is satisfied.",
  input: z.object({
    id: Id,
    recordingUrl: z.url({ protocol: /^https$/ }),
    durationSec: z.number().int().min(0).optional(),
    /** Every party consented (required where the region needs all-party consent). */
    consentObtained: z.boolean(),
  }),
  output: CallSession,
  errors: ['not_found', 'not_owner', 'invalid_state', 'consent_required'],
  permission: 'call.make',
  flag: 'webrtc_calls',
  emits: ['call.recorded'],
  source: 'spec',
});
