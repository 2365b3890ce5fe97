import { errorStatus, type ErrorCode } from '@pivotal-pm/sdk';

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
