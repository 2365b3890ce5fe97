/** The eight roles of the spec (Security, Privacy, and Compliance). */
export const roles = [
  'admin',
  'salesManager',
  'salesRep',
  'marketer',
  'qa',
  'analyst',
  'clientViewer',
  'clientApprover',
] as const;

/** One of the eight roles. */
export type Role = (typeof roles)[number];

/** Roles confined to the clients they are assigned to: they never see internal pipelines or mail. */
export const clientRoles = ['clientViewer', 'clientApprover'] as const satisfies readonly Role[];

/**
 * Every permission of the role matrix. An operation requires one of them (`self` is held by every
 * authenticated caller); those in `innerPermissions` are checked inside operations instead.
 */
export const permissions = [
  'self',
  'ownership.override',
  'directory.read',
  'user.manage',
  'client.read',
  'client.write',
  'account.read',
  'account.write',
  'contact.read',
  'contact.write',
  'pipeline.read',
  'pipeline.manage',
  'opportunity.read',
  'opportunity.write',
  'forecast.read',
  'forecast.manage',
  'export.create',
  'engagement.read',
  'engagement.write',
  'task.read',
  'task.write',
  'mailbox.manage',
  'mail.read',
  'mail.send',
  'template.manage',
  'call.read',
  'call.make',
  'meeting.write',
  'sequence.read',
  'sequence.manage',
  'sequence.enroll',
  'sequence.approve',
  'suppression.manage',
  'cadence.manage',
  'lead.read',
  'lead.work',
  'promotion.manage',
  'analytics.read',
  'score.manage',
  'ai.draft',
  'ai.approve',
  'rbac.manage',
  'compliance.manage',
  'audit.read',
  'featureFlag.manage',
  'webhook.manage',
  'event.read',
  'apiKey.manage',
  'embedToken.create',
] as const;

/** One permission of the role matrix. */
export type Permission = (typeof permissions)[number];

/** Permissions no operation requires: checked inside operations, with what each one allows. */
export const innerPermissions = {
  'ownership.override':
    'Change opportunities, tasks and sequence enrollments that someone else owns (without it, only their owner may: 403 not_owner).',
} as const satisfies Partial<Record<Permission, string>>;

const read: Permission[] = [
  'self',
  'directory.read',
  'client.read',
  'account.read',
  'contact.read',
  'pipeline.read',
  'opportunity.read',
  'forecast.read',
  'engagement.read',
  'task.read',
  'sequence.read',
  'lead.read',
  'analytics.read',
];
const clientRead: Permission[] = [
  'self',
  'client.read',
  'account.read',
  'contact.read',
  'pipeline.read',
  'opportunity.read',
  'forecast.read',
  'engagement.read',
  'task.read',
  'analytics.read',
];
const selling: Permission[] = [
  'account.write',
  'contact.write',
  'opportunity.write',
  'engagement.write',
  'task.write',
  'mailbox.manage',
  'mail.read',
  'mail.send',
  'call.read',
  'call.make',
  'meeting.write',
  'sequence.enroll',
  'lead.work',
  'ai.draft',
  'export.create',
];
const managing: Permission[] = [
  'user.manage',
  'client.write',
  'pipeline.manage',
  'forecast.manage',
  'template.manage',
  'sequence.manage',
  'sequence.approve',
  'suppression.manage',
  'cadence.manage',
  'promotion.manage',
  'score.manage',
  'ai.approve',
  'audit.read',
  'event.read',
  'embedToken.create',
  'ownership.override',
];

/** The role matrix: which permissions each role holds. The SDK, backend and docs read this one table. */
export const roleMatrix: Record<Role, readonly Permission[]> = {
  admin: [...permissions],
  salesManager: [...read, ...selling, ...managing],
  salesRep: [...read, ...selling],
  marketer: [
    ...read,
    'account.write',
    'contact.write',
    'engagement.write',
    'template.manage',
    'sequence.manage',
    'sequence.enroll',
    'suppression.manage',
    'cadence.manage',
    'promotion.manage',
    'lead.work',
    'ai.draft',
    'export.create',
  ],
  qa: [...read, 'engagement.write', 'task.write', 'call.read', 'lead.work', 'audit.read'],
  analyst: [...read, 'call.read', 'export.create', 'event.read'],
  clientViewer: clientRead,
  clientApprover: [...clientRead, 'sequence.approve', 'ai.approve'],
};

/** True when one of `held` grants `permission` under `matrix` (the tenant's effective matrix). */
export function rolesGrant(
  held: readonly Role[],
  permission: Permission,
  matrix: Record<Role, readonly Permission[]> = roleMatrix,
): boolean {
  if (permission === 'self') return held.length > 0;
  return held.some((role) => matrix[role]?.includes(permission));
}

/** True when every role held is a client role (the caller is confined to its clients). */
export function isClientConfined(held: readonly Role[]): boolean {
  return held.length > 0 && held.every((r) => (clientRoles as readonly Role[]).includes(r));
}
