import type { ModelObject } from 'objection';
import type { ForecastSnapshot } from './models/ForecastSnapshot.model';
import type { Opportunity } from './models/Opportunity.model';
import type { Pipeline } from './models/Pipeline.model';

/** A `pipelines` row as knex answers it (camelCase). */
export type PipelineRow = ModelObject<Pipeline>;
/** An `opportunities` row as knex answers it (camelCase). */
export type OpportunityRow = ModelObject<Opportunity>;
/** A `forecast_snapshots` row as knex answers it (camelCase). */
export type ForecastSnapshotRow = ModelObject<ForecastSnapshot>;
