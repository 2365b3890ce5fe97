import { BaseModel } from '../../../db/BaseModel';

/** A task for a user, optionally tied to an opportunity or contact. */
export class Task extends BaseModel {
  static override tableName = 'tasks';

  declare tenantId: string;
  declare id: string;
  declare type: 'call' | 'email' | 'followup' | 'todo';
  declare title: string;
  declare notes: string | null;
  declare opportunityId: string | null;
  declare contactId: string | null;
  declare clientId: string | null;
  declare ownerId: string;
  declare dueAt: Date | null;
  declare priority: 'low' | 'normal' | 'high';
  declare status: 'open' | 'inProgress' | 'completed' | 'overdue';
  declare origin: 'sequence' | 'manual' | 'qa' | 'campaign';
  declare completedAt: Date | null;
  declare version: number;
  declare createdAt: Date;
  declare updatedAt: Date;
}
