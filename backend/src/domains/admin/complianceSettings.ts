import { ComplianceSettings } from '@pivotal-pm/sdk';
import { isoRequired } from '#domains/shared/present';
import type { SectionMeta, TenantSettingsRow } from './tenantSettings';

/** The compliance values without their envelope (tenantId, version, updatedAt). */
export type ComplianceValues = Omit<ComplianceSettings, 'tenantId' | 'version' | 'updatedAt'>;

/**
 * What a tenant starts with: the strictest recording consent (all parties, announced), retention of a year
 * for recordings and transcripts, seven years of audit log, bounces and complaints suppressed tenant-wide.
 */
export const complianceDefaults: ComplianceValues = {
  recording: { defaultConsent: 'allParty', regions: {}, announce: true },
  retention: { recordingsDays: 365, transcriptsDays: 365, engagementsDays: null, auditLogDays: 2555 },
  optOut: { autoSuppressBounces: true, autoSuppressComplaints: true, scope: 'tenant', listUnsubscribeHeader: true },
  mailBodyCacheTtlSeconds: 86_400,
};

/** Changes to apply: each section partial, as `compliance.settings.update` takes them. */
export type ComplianceChanges = {
  recording?: Partial<ComplianceValues['recording']> | undefined;
  retention?: Partial<ComplianceValues['retention']> | undefined;
  optOut?: Partial<ComplianceValues['optOut']> | undefined;
  mailBodyCacheTtlSeconds?: number | undefined;
};

/** Drops undefined members so that a spread never overwrites a stored value with nothing. */
function defined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * A tenant's compliance settings (defaults for what was never set), as the DTO. Stored values are parsed with
 * the contract's schema so that a hand-edited or older row can never leak a wrong shape.
 */
export function readCompliance(tenant: TenantSettingsRow): ComplianceSettings {
  const stored = (tenant.settings.compliance ?? {}) as Partial<ComplianceValues> & Partial<SectionMeta>;
  return ComplianceSettings.parse({
    tenantId: tenant.id,
    recording: { ...complianceDefaults.recording, ...stored.recording },
    retention: { ...complianceDefaults.retention, ...stored.retention },
    optOut: { ...complianceDefaults.optOut, ...stored.optOut },
    mailBodyCacheTtlSeconds: stored.mailBodyCacheTtlSeconds ?? complianceDefaults.mailBodyCacheTtlSeconds,
    version: stored.version ?? 1,
    updatedAt: stored.updatedAt ?? isoRequired(tenant.createdAt),
  });
}

/**
 * Merges partial changes into the current settings: each section field by field; `recording.regions`, when
 * given, replaces the whole map (so a region can be removed). The result is validated against the contract.
 */
export function mergeCompliance(
  current: ComplianceSettings,
  changes: ComplianceChanges,
  meta: SectionMeta,
): ComplianceSettings {
  return ComplianceSettings.parse({
    ...current,
    recording: { ...current.recording, ...defined(changes.recording) },
    retention: { ...current.retention, ...defined(changes.retention) },
    optOut: { ...current.optOut, ...defined(changes.optOut) },
    mailBodyCacheTtlSeconds: changes.mailBodyCacheTtlSeconds ?? current.mailBodyCacheTtlSeconds,
    version: meta.version,
    updatedAt: meta.updatedAt,
  });
}
