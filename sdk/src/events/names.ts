/** The canonical event names of the spec (Events), in the order the spec lists them. */
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
] as const;

/** One canonical event name. */
export type EventName = (typeof eventNames)[number];
