import { BaseModel, type JsonObject } from '../../../db/BaseModel';

/** A contact (or opportunity) enrolled in a sequence. */
export class SequenceEnrollment extends BaseModel {
  static override tableName = 'sequence_enrollments';
  static override jsonAttributes = ['meta'];

  declare tenantId: string;
  declare id: string;
  declare sequenceId: string;
  declare sequenceVersion: number;
  declare opportunityId: string | null;
  declare contactId: string | null;
  declare status: 'active' | 'paused' | 'completed' | 'failed';
  declare currentStep: number;
  declare nextRunAt: Date | null;
  declare lastActionAt: Date | null;
  declare ownerId: string;
  declare stopReason: string | null;
  declare pausedUntil: Date | null;
  declare meta: JsonObject;
  declare version: number;
  declare createdAt: Date;
  declare updatedAt: Date;
}
