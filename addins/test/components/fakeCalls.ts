import type { CallSession, DialerNext } from '@pivotal-pm/sdk';

/** The calling side of the fake API, faithful to the contracts of `call.*` and `dialer.queue.next`. */
export type FakeCalling = {
  /** The tenant has `webrtc_calls`. */
  flag: boolean;
  /** The caller holds `call.make`. */
  permission: boolean;
  /** `call.start` with `record: true` is refused (`consent_required`), as in an all-party-consent region. */
  consentRequired: boolean;
  sessions: CallSession[];
  /** What `dialer.queue.next` hands out, in order; an empty queue answers `task: null`. */
  queue: DialerNext[];
};

const T = '2026-11-01T09:00:00.000Z';
const REP = '00000000-0000-7000-8000-0000000000b1';
const TENANT = '00000000-0000-7000-8000-000000000001';
const E164 = /^\+[1-9]\d{6,14}$/;
let n = 0;

type Answer = [number, unknown];
const error = (status: number, code: string, message: string): Answer => [
  status,
  { error: { code, message, requestId: `r-${code}` } },
];

/** Answers one calling operation: [HTTP status, body]. */
export function callOp(c: FakeCalling, op: string, input: Record<string, unknown>): Answer {
  if (!c.flag) return error(403, 'feature_disabled', 'webrtc_calls is not enabled');
  if (!c.permission) return error(403, 'forbidden', 'call.make is required');
  const session = () => c.sessions.find((s) => s.id === input.id);
  switch (op) {
    case 'call.token.get':
      return [
        200,
        {
          data: {
            token: 'fake-acs-token',
            expiresAt: '2099-01-01T00:00:00.000Z',
            identity: '8:acs:rep',
            provider: 'webrtc',
            emulated: false,
          },
        },
      ];
    case 'call.start': {
      if (input.contactId === undefined && input.toNumber === undefined)
        return error(400, 'validation_failed', 'give a contactId or a toNumber');
      if (input.toNumber !== undefined && !E164.test(String(input.toNumber)))
        return error(400, 'validation_failed', 'expected an E.164 phone number');
      if (input.record === true && c.consentRequired)
        return error(409, 'consent_required', "the recipient's region requires every party's consent to record");
      n += 1;
      const created: CallSession = {
        id: `00000000-0000-7000-8000-ca11${String(n).padStart(8, '0')}`,
        tenantId: TENANT,
        createdAt: T,
        updatedAt: T,
        userId: REP,
        contactId: (input.contactId as string | undefined) ?? null,
        opportunityId: (input.opportunityId as string | undefined) ?? null,
        direction: 'out',
        status: 'initiated',
        provider: 'webrtc',
        toNumber: (input.toNumber as string | undefined) ?? '+442071234567',
        startedAt: T,
        endedAt: null,
        durationSec: 0,
        recordingUrl: null,
        transcriptId: null,
        notes: null,
        disposition: null,
        customDisposition: null,
        version: 1,
      };
      c.sessions.push(created);
      return [201, { data: created }];
    }
    case 'call.end': {
      const s = session();
      if (!s) return error(404, 'not_found', 'no such call');
      // A second end is a no-op.
      if (s.status !== 'ended' && s.status !== 'failed') {
        Object.assign(s, { status: input.status ?? 'ended', endedAt: T, version: s.version + 1 });
      }
      return [200, { data: s }];
    }
    case 'call.disposition': {
      const s = session();
      if (!s) return error(404, 'not_found', 'no such call');
      if (s.status !== 'ended' && s.status !== 'failed') return error(409, 'invalid_state', 'the call is not over');
      if (input.disposition === 'callback' && input.callbackAt === undefined)
        return error(400, 'validation_failed', 'callbackAt is required for a callback');
      if (input.disposition === 'custom' && input.customDisposition === undefined)
        return error(400, 'validation_failed', 'customDisposition is required for a custom disposition');
      Object.assign(s, {
        disposition: input.disposition,
        customDisposition: input.customDisposition ?? null,
        notes: input.notes ?? s.notes,
        version: s.version + 1,
      });
      return [200, { data: s }];
    }
    case 'dialer.queue.next': {
      const next = c.queue.shift();
      return [200, { data: next ?? { task: null, contact: null, opportunityId: null, phone: null, remaining: 0 } }];
    }
    default:
      return error(501, 'not_implemented', op);
  }
}
