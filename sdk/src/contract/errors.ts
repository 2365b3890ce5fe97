/** Every error code the API answers, with the HTTP status it travels with. One table for server and SDK. */
export const errorStatus = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  feature_disabled: 403,
  not_owner: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  version_conflict: 409,
  idempotency_conflict: 409,
  already_exists: 409,
  stage_not_in_pipeline: 409,
  opportunity_closed: 409,
  pipeline_archived: 409,
  invalid_state: 409,
  /** A lead is time-locked by a promotion; pass `force` to release the lock explicitly. */
  lead_locked: 409,
  /** The caller has no connected (or a revoked/erroring) Office 365 mailbox. */
  mailbox_not_connected: 409,
  /** Recording needs consent that the tenant's region policy requires and was not given. */
  consent_required: 409,
  reference_invalid: 422,
  /** Every recipient (or the contact) is opted out or on the suppression list. */
  recipient_suppressed: 422,
  rate_limited: 429,
  internal: 500,
  not_implemented: 501,
  /** An upstream system (Graph, ACS, the LLM provider) failed; safe to retry later. */
  upstream_failed: 502,
  unavailable: 503,
} as const;

/** A machine-readable error code. */
export type ErrorCode = keyof typeof errorStatus;

/** The body of every error response. */
export type ErrorBody = {
  error: {
    code: ErrorCode | (string & {});
    message: string;
    requestId: string;
    details?: unknown;
  };
};

/** One failing field of a `validation_failed` error: `path` is the dotted field path. */
export type FieldIssue = { path: string; message: string; code: string };
