import { BaseModel, type JsonObject } from '../../../db/BaseModel';

/** A stored forecast rollup at one point in time. */
export class ForecastSnapshot extends BaseModel {
  static override tableName = 'forecast_snapshots';
  static override jsonAttributes = ['period', 'data'];

  declare tenantId: string;
  declare id: string;
  declare pipelineId: string | null;
  declare takenAt: Date;
  declare period: JsonObject;
  declare data: JsonObject;
  declare createdAt: Date;
}
