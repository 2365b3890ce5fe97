import type { Handler } from '#http/types';
import { uuidv7 } from '#db/ids';
import { assertUser, ownerOrCaller } from '#domains/pipelines/references';
import { invalidField, invalidReference } from '#http/errors';
import { ensureCadenceRow, loadCadence, type EffectiveCadence } from '#domains/cadences/cadence';
import { presentLead } from '#domains/cadences/presenters';
import { assertLeadRecord } from '#domains/cadences/references';
import type { LeadRow } from '#domains/cadences/rows';
import { initialNextActionAt, stageIndex } from '#domains/cadences/schedule/index';

/** Enters a contact (or a named prospect) into a pipeline's cadence, due per its stage's offset from now. */
export const leadCreate: Handler<'lead.create'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  let cadence: EffectiveCadence;
  try {
    cadence = await loadCadence(ctx.trx, tenantId, input.pipelineId);
  } catch {
    throw invalidReference('pipelineId', `Pipeline ${input.pipelineId} does not exist in this tenant`);
  }
  const stageKey = input.stageKey ?? cadence.stages[0]!.key;
  if (stageIndex(cadence, stageKey) < 0)
    throw invalidField('stageKey', `the cadence has no stage ${stageKey}`, 'invalid_stage');
  const ownerId = ownerOrCaller(ctx, input.ownerId);
  await assertUser(ctx, ownerId, 'ownerId');
  const contact = input.contactId
    ? await assertLeadRecord(ctx, 'contacts', input.contactId, cadence.clientId, 'contactId')
    : null;
  if (input.accountId) await assertLeadRecord(ctx, 'accounts', input.accountId, cadence.clientId, 'accountId');
  if (input.opportunityId)
    await assertLeadRecord(ctx, 'opportunities', input.opportunityId, cadence.clientId, 'opportunityId');
  await ensureCadenceRow(ctx.trx, cadence);
  const nextActionAt =
    input.nextActionAt ?? initialNextActionAt(ctx.now, stageKey, cadence, cadence.timeZone).toISOString();
  const [row] = (await ctx
    .trx('leads')
    .insert({
      tenantId,
      id: uuidv7(),
      pipelineId: cadence.pipelineId,
      clientId: cadence.clientId,
      contactId: input.contactId ?? null,
      accountId: input.accountId ?? (contact?.accountId as string | undefined) ?? null,
      opportunityId: input.opportunityId ?? null,
      ownerId,
      name: input.name ?? `${String(contact?.firstName ?? '')} ${String(contact?.lastName ?? '')}`.trim(),
      stageKey,
      stageStatus: 'pending',
      state: 'open',
      nextActionAt,
      lastActionAt: ctx.now,
      lastActionSource: 'create',
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning('*')) as LeadRow[];
  const lead = presentLead(row!);
  await ctx.audit({ targetType: 'lead', targetId: lead.id, before: null, after: lead });
  return lead;
};
