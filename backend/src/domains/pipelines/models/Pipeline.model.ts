import type { SlaPolicy } from '@pivotal-pm/sdk';
import { BaseModel } from '../../../db/BaseModel';

/** A pipeline: ordered stages, SLA policy; clientId null means internal. */
export class Pipeline extends BaseModel {
  static override tableName = 'pipelines';
  static override jsonAttributes = ['slaPolicy'];

  declare tenantId: string;
  declare id: string;
  declare name: string;
  declare ownerId: string;
  declare defaultCurrency: string;
  declare stageOrder: string[];
  declare slaPolicy: SlaPolicy;
  declare active: boolean;
  declare clientId: string | null;
  declare projectIds: string[];
  declare archivedAt: Date | null;
  declare version: number;
  declare createdAt: Date;
  declare updatedAt: Date;
}
