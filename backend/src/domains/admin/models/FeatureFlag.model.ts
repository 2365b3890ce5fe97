import { BaseModel } from '../../../db/BaseModel';

/** A tenant feature flag override. */
export class FeatureFlag extends BaseModel {
  static override tableName = 'feature_flags';
  static override idColumn: string | string[] = ['tenantId', 'flag'];

  declare tenantId: string;
  declare flag: string;
  declare enabled: boolean;
  declare updatedAt: Date;
}
