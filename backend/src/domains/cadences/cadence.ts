import { defaultCadenceStages, type CadenceStage } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { notFound } from '#http/errors';
import type { CadenceRow } from './rows';

/** The audit's default day start time. */
export const DEFAULT_DAY_START = '09:00';

/** A pipeline's cadence as every rule reads it: saved or default, with its time zone resolved. */
export type EffectiveCadence = {
  id: string;
  tenantId: string;
  pipelineId: string;
  clientId: string | null;
  stages: CadenceStage[];
  dayStartTime: string;
  /** The cadence's own zone, else the tenant's. */
  timeZone: string;
  rollover: boolean;
  saved: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

type PipelineBits = { id: string; clientId: string | null; createdAt: Date };

/**
 * The effective cadence of a pipeline visible to the caller (404 otherwise): the saved row, or the defaults
 * (offsets 0, 2, 7, 15, 30 days at 09:00, nightly rollover on) under the pipeline's id. A cadence's id is always
 * its pipeline's id, one cadence per pipeline.
 */
export async function loadCadence(
  trx: Knex | Knex.Transaction,
  tenantId: string,
  pipelineId: string,
  lock = false,
): Promise<EffectiveCadence> {
  const pipeline = (await trx('pipelines').where({ tenantId, id: pipelineId }).first('id', 'clientId', 'createdAt')) as
    PipelineBits | undefined;
  if (!pipeline) throw notFound('Pipeline');
  const query = trx('leadCadences').where({ tenantId, pipelineId });
  if (lock) query.forUpdate();
  const row = (await query.first()) as CadenceRow | undefined;
  const tenant = (await trx('tenants').where({ id: tenantId }).first('timeZone')) as { timeZone: string } | undefined;
  const tenantZone = tenant?.timeZone ?? 'UTC';
  if (row) {
    return { ...row, timeZone: row.timeZone ?? tenantZone, saved: true };
  }
  return {
    id: pipeline.id,
    tenantId,
    pipelineId,
    clientId: pipeline.clientId,
    stages: defaultCadenceStages,
    dayStartTime: DEFAULT_DAY_START,
    timeZone: tenantZone,
    rollover: true,
    saved: false,
    version: 1,
    createdAt: pipeline.createdAt,
    updatedAt: pipeline.createdAt,
  };
}

/** Saves the default cadence of a pipeline when it has none yet, so leads and promotions rest on a stored row. */
export async function ensureCadenceRow(trx: Knex | Knex.Transaction, cadence: EffectiveCadence): Promise<void> {
  if (cadence.saved) return;
  await trx('leadCadences')
    .insert({
      tenantId: cadence.tenantId,
      id: cadence.pipelineId,
      pipelineId: cadence.pipelineId,
      clientId: cadence.clientId,
      stages: JSON.stringify(cadence.stages),
      dayStartTime: cadence.dayStartTime,
      rollover: cadence.rollover,
    })
    .onConflict(['tenantId', 'pipelineId'])
    .ignore();
}
