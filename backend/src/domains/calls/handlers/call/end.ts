import { invalidField } from '#http/errors';
import type { Handler } from '#http/types';
import { finishCall } from '#domains/calls/lifecycle';
import { auditView, presentCallRow } from '#domains/calls/presenters';
import { checkCallVersion, lockOwnCall } from '#domains/calls/records';
import { FINISHED } from '#domains/calls/rows';
import { providerFor, telephonyRuntime } from '#domains/calls/runtime';

const SKEW_MS = 60_000;

/**
 * Ends the caller's call: its duration, `call.ended`, and the call on the timeline as an engagement. A call that
 * already ended (by the rep, or by the provider when someone hung up) is answered unchanged: a retried or second
 * end is a no-op. A server-placed call is hung up at the provider too; if that fails the call still ends here.
 */
export const callEnd: Handler<'call.end'> = async (input, ctx) => {
  const row = await lockOwnCall(ctx, input.id);
  if (FINISHED.has(row.status)) return presentCallRow(ctx.trx, row);
  checkCallVersion(row, input.expectedVersion);
  const endedAt = input.endedAt === undefined ? ctx.now : new Date(input.endedAt);
  if (endedAt < row.startedAt) throw invalidField('endedAt', 'is before the call started');
  if (endedAt.getTime() > ctx.now.getTime() + SKEW_MS) throw invalidField('endedAt', 'is in the future');

  const provider = providerFor(telephonyRuntime(), row.provider);
  if (provider?.serverPlaced && provider.hangUp && row.providerCallId) {
    await provider.hangUp(row.providerCallId).catch((error: unknown) => {
      ctx.log.warn({ err: error, callId: row.id }, 'call.end: the provider did not hang up; ending the call here');
    });
  }
  const ended = await finishCall(
    ctx.trx,
    row,
    { status: input.status, endedAt, notes: input.notes ?? null },
    ctx.principal.actor,
    ctx.now,
  );
  const before = await presentCallRow(ctx.trx, row);
  const after = await presentCallRow(ctx.trx, ended);
  await ctx.audit({ targetType: 'call', targetId: row.id, before: auditView(before), after: auditView(after) });
  return after;
};
