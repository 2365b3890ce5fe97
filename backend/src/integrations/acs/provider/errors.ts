import { TelephonyError } from '#integrations/telephony/port';

/** Turns an SDK failure (a RestError, or the recording client's plain `{ status, message }`) into a TelephonyError. */
export function toTelephonyError(error: unknown, action: string): TelephonyError {
  if (error instanceof TelephonyError) return error;
  const found = (error ?? {}) as { statusCode?: unknown; status?: unknown; code?: unknown; message?: unknown };
  const status =
    typeof found.statusCode === 'number' ? found.statusCode : typeof found.status === 'number' ? found.status : null;
  const code = typeof found.code === 'string' ? found.code : null;
  const message = typeof found.message === 'string' && found.message ? found.message : String(error);
  return new TelephonyError(`ACS ${action} failed: ${message}`, status, code);
}

/** Runs an SDK call, rethrowing its failure as a TelephonyError. */
export async function guarded<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toTelephonyError(error, action);
  }
}
