/** The canonical event names: the spec's (Events), in the order the spec lists them, then the project's. */
export const eventNames = [
  'pipeline.created',
  'pipeline.updated',
  'opportunity.created',
  'opportunity.updated',
  'opportunity.stageChanged',
  'opportunity.won',
  'opportunity.lost',
  'engagement.logged',
  'mail.synced',
  'mail.sent',
  'mail.replyDetected',
  'call.started',
  'call.ended',
  'call.dispositioned',
  'call.recorded',
  'call.transcribed',
  'sequence.enrolled',
  'sequence.advanced',
  'sequence.paused',
  'sequence.completed',
  'sequence.failed',
  'score.updated',
  'task.created',
  'task.completed',
  // Beyond the spec's list: the SLA engine's (issue 16).
  'sla.breached',
  'sla.escalated',
  'sla.cleared',
] as const;

/** One canonical event name. */
export type EventName = (typeof eventNames)[number];
