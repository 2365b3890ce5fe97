import { operationTable } from '../../contract/defineOperation';
import { get as pipelineMetricsGet } from '../pipeline/metrics/get';
import { get as opportunityMetricsGet } from '../opportunity/metrics/get';
import { get as repPerformanceGet } from '../rep/performance/get';
import { compute as scoreCompute } from '../score/compute';
import { update as scoreConfigUpdate } from '../score/config/update';
import { get as engagementMetricsGet } from '../engagement/metrics/get';
import { get as rollupGet } from '../rollup/get';
import { get as nextBestActionGet } from '../nextBestAction/get';

/** Analytics, scoring and Next Best Action. */
export const analyticsOperations = operationTable({
  'pipeline.metrics.get': pipelineMetricsGet,
  'opportunity.metrics.get': opportunityMetricsGet,
  'rep.performance.get': repPerformanceGet,
  'score.compute': scoreCompute,
  'score.config.update': scoreConfigUpdate,
  'engagement.metrics.get': engagementMetricsGet,
  'rollup.get': rollupGet,
  'nextBestAction.get': nextBestActionGet,
});
