import { BaseModel, type JsonObject } from '../../../db/BaseModel';

/** A call placed or received through a dialer provider. */
export class CallSession extends BaseModel {
  static override tableName = 'call_sessions';
  static override jsonAttributes = ['meta'];

  declare tenantId: string;
  declare id: string;
  declare userId: string;
  declare contactId: string | null;
  declare opportunityId: string | null;
  declare direction: 'out' | 'in';
  declare status: 'initiated' | 'ringing' | 'connected' | 'ended' | 'failed';
  declare provider: string;
  declare startedAt: Date;
  declare endedAt: Date | null;
  declare durationSec: number | null;
  declare recordingUrl: string | null;
  declare transcriptId: string | null;
  declare notes: string | null;
  declare disposition: string | null;
  declare meta: JsonObject;
  declare version: number;
  declare createdAt: Date;
  declare updatedAt: Date;
}
