import type { OperationId } from './registry';

/**
 * Operations whose issue has not come yet: declared in the contract, they answer `501 not_implemented`
 * (after validation). The docs mark them pending; a backend test checks that this list is exactly the
 * operations the backend has no handler for.
 */
export const pendingOperationIds: readonly OperationId[] = [
  // calls and meetings
  'call.start',
  'call.end',
  'call.disposition',
  'call.recording.attach',
  'call.transcript.attach',
  'call.token.get',
  'call.summary.get',
  'dialer.queue.next',
  'meeting.create',
  'meeting.log',
  // analytics and scores
  'pipeline.metrics.get',
  'opportunity.metrics.get',
  'rep.performance.get',
  'score.compute',
  'score.config.update',
  'engagement.metrics.get',
  'rollup.get',
  'nextBestAction.get',
  // AI drafts
  'ai.draft.create',
  'ai.draft.approve',
  'ai.draft.reject',
];
