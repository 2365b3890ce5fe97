import { eventNames, type EventName, type Permission } from '@pivotal-pm/sdk';

/** The read permission an event's domain needs, for callers without `event.read`; null: never. */
const domainRead: Record<string, Permission | null> = {
  pipeline: 'pipeline.read',
  opportunity: 'opportunity.read',
  score: 'opportunity.read',
  engagement: 'engagement.read',
  task: 'task.read',
  sequence: 'sequence.read',
  call: 'call.read',
  // Mailbox privacy: mail events name mailboxes and threads of other users.
  mail: null,
};

/**
 * Event names a caller may receive on the live stream. Holders of `event.read` get every name; everyone
 * else (reps on the Teams board, client viewers) gets the events of the domains they may read, except mail.
 * Tenant isolation and client scope are applied on top of this, per row.
 */
export function streamableNames(can: (permission: Permission) => boolean): EventName[] {
  if (can('event.read')) return [...eventNames];
  return eventNames.filter((name) => {
    const permission = domainRead[name.split('.')[0]!];
    return permission !== undefined && permission !== null && can(permission);
  });
}
