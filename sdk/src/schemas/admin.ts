import { z } from 'zod';
import { base, Id, Timestamp, Version } from '../contract/common';
import { EventNameSchema } from '../events/index';
import { FeatureFlagName, PermissionName, RoleName } from './directory';

export { EventEnvelope } from '../events/index';

/** One append-only audit record: who did what to which record, with redacted before/after. */
export const AuditLogEntry = z.object({
  id: Id,
  tenantId: Id,
  /** `user:<id>`, `apiKey:<id>`, `embed:<id>` or `system:<worker>`. */
  actor: z.string(),
  operation: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  requestId: z.string().nullable(),
  at: Timestamp,
});
export type AuditLogEntry = z.infer<typeof AuditLogEntry>;

/** A tenant feature flag and its state. */
export const FeatureFlagState = z.object({ flag: FeatureFlagName, enabled: z.boolean(), updatedAt: Timestamp });
export type FeatureFlagState = z.infer<typeof FeatureFlagState>;

/** A webhook subscription: events are POSTed HMAC-signed with its secret (shown once, at creation). */
export const Webhook = z.object({
  ...base,
  url: z.string(),
  events: z.array(EventNameSchema),
  description: z.string().nullable(),
  active: z.boolean(),
  lastDeliveryAt: Timestamp.nullable(),
  /** Consecutive failed deliveries. */
  failureCount: z.number().int().min(0),
});
export type Webhook = z.infer<typeof Webhook>;
/** A webhook as `webhook.create` answers it: with its signing secret, shown only this once. */
export const WebhookWithSecret = Webhook.extend({ secret: z.string() });
export type WebhookWithSecret = z.infer<typeof WebhookWithSecret>;

/** A server-to-server API key with one role and an optional client scope; stored hashed. */
export const ApiKey = z.object({
  ...base,
  name: z.string(),
  role: RoleName,
  clientIds: z.array(Id).nullable(),
  /** The first characters of the key, to recognise it. */
  prefix: z.string(),
  createdBy: Id.nullable(),
  lastUsedAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;
/** An API key as `apiKey.create` answers it: with the secret, shown only this once. */
export const ApiKeyWithSecret = ApiKey.extend({ secret: z.string() });
export type ApiKeyWithSecret = z.infer<typeof ApiKeyWithSecret>;

/** A role's changes over the base matrix: permissions granted and permissions revoked. */
export const RoleOverride = z.object({
  role: RoleName,
  grant: z.array(PermissionName),
  revoke: z.array(PermissionName),
});
export type RoleOverride = z.infer<typeof RoleOverride>;

/** The tenant's RBAC policy: per-role grants/revokes over the base matrix, and the effective matrix. */
export const RbacPolicy = z.object({
  tenantId: Id,
  overrides: z.array(RoleOverride),
  /** Role -> permissions after the overrides. */
  effective: z.record(RoleName, z.array(PermissionName)),
  updatedAt: Timestamp,
  version: Version,
});
export type RbacPolicy = z.infer<typeof RbacPolicy>;

/** How call recording is consented to in a region. */
export const RecordingConsent = z.enum(['disabled', 'oneParty', 'allParty']);
/** A region key: an ISO-3166 alpha-2 country (`FR`), optionally a subdivision (`US-CA`), or `EU`. */
export const RegionCode = z
  .string()
  .regex(/^([A-Z]{2}(-[A-Z0-9]{1,3})?|EU)$/, 'expected a region such as FR, US-CA or EU');

/** The tenant's compliance settings: recording consent, retention, opt-out and mail body caching. */
export const ComplianceSettings = z.object({
  tenantId: Id,
  recording: z.object({
    defaultConsent: RecordingConsent,
    /** Region -> consent rule, overriding the default. */
    regions: z.record(RegionCode, RecordingConsent),
    /** Play or show a recording notice to every party. */
    announce: z.boolean(),
  }),
  retention: z.object({
    recordingsDays: z.number().int().min(1).max(3650),
    transcriptsDays: z.number().int().min(1).max(3650),
    /** Null keeps engagements for as long as the tenant exists. */
    engagementsDays: z.number().int().min(30).max(3650).nullable(),
    auditLogDays: z.number().int().min(365).max(3650),
  }),
  optOut: z.object({
    autoSuppressBounces: z.boolean(),
    autoSuppressComplaints: z.boolean(),
    /** Whether an opt-out covers the whole tenant or only the client it came through. */
    scope: z.enum(['tenant', 'client']),
    /** Add a one-click unsubscribe (List-Unsubscribe) to sequence mail. */
    listUnsubscribeHeader: z.boolean(),
  }),
  /** How long a fetched message body stays in the sealed cache. */
  mailBodyCacheTtlSeconds: z
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 3600),
  updatedAt: Timestamp,
  version: Version,
});
export type ComplianceSettings = z.infer<typeof ComplianceSettings>;
