import { describe, expect, it } from 'vitest';
import { callRegion, consentRuleFor } from './consent';

const recording = {
  defaultConsent: 'oneParty' as const,
  regions: { EU: 'allParty' as const, DE: 'disabled' as const, 'US-CA': 'allParty' as const },
  announce: true,
};

describe('recording consent by region', () => {
  it('takes the region from the contact when it names one, else from the number', () => {
    expect(callRegion('+33612345678', undefined)).toBe('FR');
    expect(callRegion('+14155550100', 'us-ca')).toBe('US-CA');
    expect(callRegion('+14155550100', 'California')).toBe('US');
    expect(callRegion('+999123', null)).toBeNull();
  });

  it('uses the most specific rule: subdivision, country, EU, then the default', () => {
    expect(consentRuleFor(recording, 'US-CA')).toBe('allParty');
    expect(consentRuleFor(recording, 'US-NY')).toBe('oneParty');
    expect(consentRuleFor(recording, 'DE')).toBe('disabled');
    expect(consentRuleFor(recording, 'FR')).toBe('allParty');
    expect(consentRuleFor(recording, 'GB')).toBe('oneParty');
    expect(consentRuleFor(recording, null)).toBe('oneParty');
  });
});
