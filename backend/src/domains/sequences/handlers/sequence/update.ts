import { LIVE_ENROLLMENT_STATUSES } from '@pivotal-pm/sdk';
import { ApiError } from '#http/errors';
import type { Handler } from '#http/types';
import { loadForUpdate } from '#domains/shared/records';
import { sequenceMayUse } from '#domains/mail/templates';
import { assertDefinition, saveDefinition } from '#domains/sequences/definitions';
import { presentSequence } from '#domains/sequences/presenters';
import type { SequenceRow } from '#domains/sequences/rows';

const DEFINITION = ['steps', 'sendWindow', 'cooldowns', 'guardrails', 'stopRules'] as const;
const PLAIN = ['name', 'goal', 'audience', 'exclusive', 'active'] as const;

/**
 * Changes a sequence. A change to its definition (steps, send window, cooldowns, guardrails, stop rules) makes a
 * new definition version: live enrollments stay on theirs unless `migrateEnrollments` moves them.
 */
export const sequenceUpdate: Handler<'sequence.update'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const row = await loadForUpdate<SequenceRow>(
    ctx.trx,
    'sequences',
    tenantId,
    input.id,
    'Sequence',
    input.expectedVersion,
  );
  if (row.archivedAt) throw new ApiError('invalid_state', 'The sequence is archived');
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const definition = DEFINITION.filter((f) => input[f] !== undefined && !same(input[f], row[f]));
  const plain = PLAIN.filter((f) => input[f] !== undefined && !same(input[f], row[f]));
  if (definition.length + plain.length === 0 && !input.migrateEnrollments) return presentSequence(row);
  await assertDefinition(ctx.trx, tenantId, input.steps, input.sendWindow, sequenceMayUse(row.clientId));
  const patch: Record<string, unknown> = { version: row.version + 1, updatedAt: ctx.now };
  for (const f of plain) patch[f] = f === 'audience' ? JSON.stringify(input[f]) : input[f];
  for (const f of definition) patch[f] = JSON.stringify(input[f]);
  if (definition.length > 0) patch.definitionVersion = row.definitionVersion + 1;
  const [saved] = (await ctx
    .trx('sequences')
    .where({ tenantId, id: row.id })
    .update(patch)
    .returning('*')) as SequenceRow[];
  if (definition.length > 0) await saveDefinition(ctx.trx, saved!);
  if (input.migrateEnrollments) {
    await ctx
      .trx('sequenceEnrollments')
      .where({ tenantId, sequenceId: row.id })
      .whereIn('status', LIVE_ENROLLMENT_STATUSES)
      .whereNot({ sequenceVersion: saved!.definitionVersion })
      .update({ sequenceVersion: saved!.definitionVersion, updatedAt: ctx.now, version: ctx.trx.raw('version + 1') });
  }
  const sequence = presentSequence(saved!);
  await ctx.audit({ targetType: 'sequence', targetId: sequence.id, before: presentSequence(row), after: sequence });
  return sequence;
};
