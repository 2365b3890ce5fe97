import { isPivotalError } from '@pivotal-pm/sdk';

/** A sentence for the rep about a failed softphone step. */
export function describeCallError(step: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (isPivotalError(error)) {
    switch (error.code) {
      case 'consent_required':
        return `This call cannot be recorded: ${message}. Turn off "Record this call" to call without recording.`;
      case 'recipient_suppressed':
        return `This person asked not to be contacted: ${message}.`;
      case 'reference_invalid':
        return `${step}: the contact, opportunity or task is not valid (${message}).`;
      case 'upstream_failed':
        return `${step}: the telephony service failed (${message}). Try again in a moment.`;
      case 'not_implemented':
        return `${step}: calling is not available on this server yet.`;
    }
  }
  return `${step}: ${message}`;
}
