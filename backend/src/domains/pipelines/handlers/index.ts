import { defineHandlers } from '../../../http/types';
import { create as exportCreate } from './export/create';
import { create as snapshotCreate } from './forecast/snapshot/create';
import { list as snapshotList } from './forecast/snapshot/list';
import { create as opportunityCreate } from './opportunity/create';
import { get as forecastGet } from './opportunity/forecast/get';
import { get as opportunityGet } from './opportunity/get';
import { list as opportunityList } from './opportunity/list';
import { lose } from './opportunity/lose';
import { moveStage } from './opportunity/moveStage';
import { update as opportunityUpdate } from './opportunity/update';
import { win } from './opportunity/win';
import { archive as pipelineArchive } from './pipeline/archive';
import { create as pipelineCreate } from './pipeline/create';
import { get as pipelineGet } from './pipeline/get';
import { list as pipelineList } from './pipeline/list';
import { update as pipelineUpdate } from './pipeline/update';
import { get as slaPolicyGet } from './sla/policy/get';

/** Handlers of the pipelines domain, keyed by operation ID. */
export const pipelinesHandlers = defineHandlers({
  'pipeline.create': pipelineCreate,
  'pipeline.update': pipelineUpdate,
  'pipeline.list': pipelineList,
  'pipeline.get': pipelineGet,
  'pipeline.archive': pipelineArchive,
  'sla.policy.get': slaPolicyGet,
  'opportunity.create': opportunityCreate,
  'opportunity.update': opportunityUpdate,
  'opportunity.list': opportunityList,
  'opportunity.get': opportunityGet,
  'opportunity.moveStage': moveStage,
  'opportunity.win': win,
  'opportunity.lose': lose,
  'opportunity.forecast.get': forecastGet,
  'forecast.snapshot.create': snapshotCreate,
  'forecast.snapshot.list': snapshotList,
  'export.create': exportCreate,
});
