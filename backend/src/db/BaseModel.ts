import { Model } from 'objection';

/** A jsonb object column. */
export type JsonObject = Record<string, unknown>;

/**
 * Base of every model. Identifier mapping happens once, at the knex level (`createKnex` installs
 * `knexSnakeCaseMappers`), so models, queries and results are camelCase and models declare no mappers.
 * Bind models to a knex per call (`Model.query(trx)`): the request transaction carries the RLS settings.
 */
export class BaseModel extends Model {
  /** Tenant-owned rows are keyed by (tenantId, id): tenant_id leads every key in the schema. */
  static override idColumn: string | string[] = ['tenantId', 'id'];
  /**
   * Only the listed jsonb columns are (de)serialised as JSON: without an explicit list Objection would
   * JSON-encode every array, and Postgres arrays (text[], uuid[]) must reach pg as arrays.
   */
  static override jsonAttributes: string[] = [];
  static override useLimitInFirst = true;
}
