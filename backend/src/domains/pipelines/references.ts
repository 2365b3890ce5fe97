import { invalidField, invalidReference } from '#http/errors';
import type { OpContext } from '#http/types';

/** The user an operation acts for: `ownerId` when given, else the caller (an API key without a user must pass it). */
export function ownerOrCaller(ctx: OpContext, ownerId: string | undefined): string {
  const owner = ownerId ?? ctx.principal.userId;
  if (!owner) throw invalidField('ownerId', 'required when the caller is not a user (API key)', 'required');
  return owner;
}

/** Throws 422 unless the user exists in the tenant and is active. */
export async function assertUser(ctx: OpContext, userId: string, field: string): Promise<void> {
  const row = await ctx.trx('users').where({ tenantId: ctx.principal.tenantId, id: userId, active: true }).first('id');
  if (!row) throw invalidReference(field, `User ${userId} does not exist in this tenant`);
}

/** Throws 422 unless the client exists (and is visible to the caller). */
export async function assertClient(ctx: OpContext, clientId: string, field: string): Promise<void> {
  const row = await ctx.trx('clients').where({ tenantId: ctx.principal.tenantId, id: clientId }).first('id');
  if (!row) throw invalidReference(field, `Client ${clientId} does not exist in this tenant`);
}

/** Throws 422 unless every project exists and belongs to `clientId` (projects need a client pipeline). */
export async function assertProjectsOfClient(
  ctx: OpContext,
  clientId: string | null,
  projectIds: readonly string[],
  field: string,
): Promise<void> {
  if (projectIds.length === 0) return;
  if (clientId === null)
    throw invalidReference(field, 'Projects belong to a client: an internal scope cannot have projects');
  const rows = (await ctx
    .trx('projects')
    .where({ tenantId: ctx.principal.tenantId, clientId })
    .whereIn('id', [...new Set(projectIds)])
    .select('id')) as { id: string }[];
  const found = new Set(rows.map((r) => r.id));
  const missing = projectIds.filter((id) => !found.has(id));
  if (missing.length)
    throw invalidReference(field, `Projects not found for client ${clientId}: ${missing.join(', ')}`, { ids: missing });
}

/** Record whose client must match: null (shared) or the same client as the opportunity. */
async function assertClientRecord(
  ctx: OpContext,
  table: 'accounts' | 'contacts',
  id: string,
  clientId: string | null,
  field: string,
): Promise<void> {
  const row = (await ctx.trx(table).where({ tenantId: ctx.principal.tenantId, id }).first('clientId')) as
    { clientId: string | null } | undefined;
  const what = table === 'accounts' ? 'Account' : 'Contact';
  if (!row) throw invalidReference(field, `${what} ${id} does not exist in this tenant`);
  if (row.clientId !== null && clientId !== null && row.clientId !== clientId) {
    throw invalidReference(field, `${what} ${id} belongs to another client`);
  }
}

/** The references an opportunity may point at, checked against its client and pipeline. */
export type OpportunityRefs = {
  clientId: string | null;
  pipelineProjectIds: readonly string[];
  accountId?: string | undefined;
  primaryContactId?: string | null | undefined;
  projectId?: string | null | undefined;
  ownerId?: string | undefined;
};

/** Checks the given references of an opportunity (undefined / null ones are skipped): 422 on the first bad one. */
export async function assertOpportunityRefs(ctx: OpContext, refs: OpportunityRefs): Promise<void> {
  if (refs.accountId) await assertClientRecord(ctx, 'accounts', refs.accountId, refs.clientId, 'accountId');
  if (refs.primaryContactId)
    await assertClientRecord(ctx, 'contacts', refs.primaryContactId, refs.clientId, 'primaryContactId');
  if (refs.projectId) {
    await assertProjectsOfClient(ctx, refs.clientId, [refs.projectId], 'projectId');
    if (refs.pipelineProjectIds.length && !refs.pipelineProjectIds.includes(refs.projectId)) {
      throw invalidReference('projectId', `Project ${refs.projectId} is not one of the pipeline's projects`);
    }
  }
  if (refs.ownerId) await assertUser(ctx, refs.ownerId, 'ownerId');
}
