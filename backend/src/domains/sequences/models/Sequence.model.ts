import { BaseModel, type JsonObject } from '../../../db/BaseModel';

/** A sequence: steps, audience, send window, cooldowns and guardrails. */
export class Sequence extends BaseModel {
  static override tableName = 'sequences';
  static override jsonAttributes = ['steps', 'audience', 'sendWindow', 'cooldowns', 'guardrails'];

  declare tenantId: string;
  declare id: string;
  declare name: string;
  declare goal: 'meeting' | 'reply' | 'signup' | 'custom';
  declare steps: unknown[];
  declare audience: JsonObject;
  declare sendWindow: JsonObject;
  declare cooldowns: JsonObject;
  declare guardrails: JsonObject;
  declare status: string;
  declare ownerId: string | null;
  declare clientId: string | null;
  declare active: boolean;
  declare exclusive: boolean;
  declare definitionVersion: number;
  declare archivedAt: Date | null;
  declare version: number;
  declare createdAt: Date;
  declare updatedAt: Date;
}
