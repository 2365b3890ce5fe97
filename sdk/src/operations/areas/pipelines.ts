import { operationTable } from '../../contract/defineOperation';
import { create as pipelineCreate } from '../pipeline/create';
import { update as pipelineUpdate } from '../pipeline/update';
import { list as pipelineList } from '../pipeline/list';
import { get as pipelineGet } from '../pipeline/get';
import { archive as pipelineArchive } from '../pipeline/archive';
import { create as opportunityCreate } from '../opportunity/create';
import { update as opportunityUpdate } from '../opportunity/update';
import { list as opportunityList } from '../opportunity/list';
import { get as opportunityGet } from '../opportunity/get';
import { moveStage as opportunityMoveStage } from '../opportunity/moveStage';
import { win as opportunityWin } from '../opportunity/win';
import { lose as opportunityLose } from '../opportunity/lose';
import { get as opportunityForecastGet } from '../opportunity/forecast/get';
import { create as forecastSnapshotCreate } from '../forecast/snapshot/create';
import { list as forecastSnapshotList } from '../forecast/snapshot/list';
import { create as exportCreate } from '../export/create';

/** Pipelines and opportunities, forecasts and their snapshots, CSV exports. */
export const pipelinesOperations = operationTable({
  'pipeline.create': pipelineCreate,
  'pipeline.update': pipelineUpdate,
  'pipeline.list': pipelineList,
  'pipeline.get': pipelineGet,
  'pipeline.archive': pipelineArchive,
  'opportunity.create': opportunityCreate,
  'opportunity.update': opportunityUpdate,
  'opportunity.list': opportunityList,
  'opportunity.get': opportunityGet,
  'opportunity.moveStage': opportunityMoveStage,
  'opportunity.win': opportunityWin,
  'opportunity.lose': opportunityLose,
  'opportunity.forecast.get': opportunityForecastGet,
  'forecast.snapshot.create': forecastSnapshotCreate,
  'forecast.snapshot.list': forecastSnapshotList,
  'export.create': exportCreate,
});
