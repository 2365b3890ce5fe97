import type { ComplianceSettings } from '@pivotal-pm/sdk';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** A region's recording rule: off, the rep's consent is enough, or every party must consent. */
export type ConsentRule = ComplianceSettings['recording']['defaultConsent'];

/** The EU's member states: a tenant's `EU` rule covers them unless a country has its own. */
const EU = new Set('AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' '));

const REGION = /^([A-Z]{2}(-[A-Z0-9]{1,3})?|EU)$/;

/**
 * The region a call is made into: the contact's `region` custom field when it names one (`US-CA`: a subdivision
 * cannot be read off a number), else the country of the dialled number; null when neither tells.
 */
export function callRegion(toNumber: string, contactRegion: unknown): string | null {
  if (typeof contactRegion === 'string' && REGION.test(contactRegion.toUpperCase())) return contactRegion.toUpperCase();
  return parsePhoneNumberFromString(toNumber)?.country ?? null;
}

/**
 * The rule for a region: the most specific the tenant set (`US-CA`, then `US`, then `EU` for a member state),
 * else the tenant's default.
 */
export function consentRuleFor(recording: ComplianceSettings['recording'], region: string | null): ConsentRule {
  if (region === null) return recording.defaultConsent;
  const country = region.slice(0, 2);
  return (
    recording.regions[region] ??
    recording.regions[country] ??
    (EU.has(country) ? recording.regions.EU : undefined) ??
    recording.defaultConsent
  );
}

/** Where a recording starts from when the rep asks for one (a disabled region refuses before anything is written). */
export function initialRecordingState(rule: ConsentRule): 'allowed' | 'awaiting_consent' {
  return rule === 'allParty' ? 'awaiting_consent' : 'allowed';
}
