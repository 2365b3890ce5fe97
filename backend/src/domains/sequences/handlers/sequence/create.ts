import { uuidv7 } from '#db/ids';
import type { Handler } from '#http/types';
import { assertClient, assertUser, ownerOrCaller } from '#domains/pipelines/references';
import { sequenceMayUse } from '#domains/mail/templates';
import { assertDefinition, saveDefinition } from '#domains/sequences/definitions';
import { presentSequence } from '#domains/sequences/presenters';
import type { SequenceRow } from '#domains/sequences/rows';

/** Creates a sequence and its first definition version (validated: steps, templates, send window). */
export const sequenceCreate: Handler<'sequence.create'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const ownerId = ownerOrCaller(ctx, undefined);
  await assertUser(ctx, ownerId, 'ownerId');
  const clientId = input.clientId ?? null;
  if (clientId !== null) await assertClient(ctx, clientId, 'clientId');
  await assertDefinition(ctx.trx, tenantId, input.steps, input.sendWindow, sequenceMayUse(clientId));
  const [row] = (await ctx
    .trx('sequences')
    .insert({
      tenantId,
      id: uuidv7(),
      name: input.name,
      goal: input.goal,
      steps: JSON.stringify(input.steps),
      audience: JSON.stringify(input.audience),
      sendWindow: JSON.stringify(input.sendWindow),
      cooldowns: JSON.stringify(input.cooldowns),
      guardrails: JSON.stringify(input.guardrails),
      stopRules: JSON.stringify(input.stopRules),
      exclusive: input.exclusive,
      definitionVersion: 1,
      status: 'active',
      active: true,
      ownerId,
      clientId,
      version: 1,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning('*')) as SequenceRow[];
  await saveDefinition(ctx.trx, row!);
  const sequence = presentSequence(row!);
  await ctx.audit({ targetType: 'sequence', targetId: sequence.id, after: sequence });
  return sequence;
};
