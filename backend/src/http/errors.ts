import { errorStatus, type ErrorCode, type FieldIssue } from '@pivotal-pm/sdk';

/** A domain error with a typed code; the error middleware turns it into `{error:{...}}` and its status. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = errorStatus[code];
    this.details = details;
  }
}

/** Shorthand for the common 404. */
export function notFound(what: string): ApiError {
  return new ApiError('not_found', `${what} not found`);
}

/**
 * `400 validation_failed` for one or more field issues: the message names the first, `details.issues` lists them
 * all. Schema failures, rules a schema cannot express and bad cursors all answer through it.
 */
export function invalidInputs(issues: readonly FieldIssue[]): ApiError {
  const first = issues[0];
  return new ApiError(
    'validation_failed',
    first ? `Invalid input at ${first.path}: ${first.message}` : 'Invalid input',
    { issues },
  );
}

/** `400 validation_failed` on one field, for rules the schema cannot express. */
export function invalidField(path: string, message: string, code = 'custom'): ApiError {
  return invalidInputs([{ path, message, code }]);
}

/**
 * `422 reference_invalid` naming the input field whose record does not exist, is not visible or does not fit
 * (another client's contact): `details.field` and `details.issues` name it, `extra` adds what helps (missing ids).
 */
export function invalidReference(field: string, message: string, extra: Record<string, unknown> = {}): ApiError {
  return new ApiError('reference_invalid', message, {
    field,
    issues: [{ path: field, message, code: 'reference_invalid' }],
    ...extra,
  });
}
