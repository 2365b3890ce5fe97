import { uuidv7 } from '#db/ids';
import { ApiError } from '#http/errors';
import type { Handler } from '#http/types';
import { seal } from '#security/sealing';
import { auditView, presentCallRow } from '#domains/calls/presenters';
import { transcriptAllowed } from '#domains/calls/recordings';
import { lockOwnCall } from '#domains/calls/records';
import { FINISHED, type CallSessionRow } from '#domains/calls/rows';

/**
 * Attaches the transcript of the caller's finished call (its text and speaker segments kept sealed; an earlier
 * transcript is replaced) and emits `call.transcribed`. A transcript holds the call's words, so it follows the
 * recording's consent: refused where recording is off, was refused, or every party had to consent and did not.
 */
export const callTranscriptAttach: Handler<'call.transcript.attach'> = async (input, ctx) => {
  const row = await lockOwnCall(ctx, input.id);
  if (!FINISHED.has(row.status)) throw new ApiError('invalid_state', 'A call is transcribed after it ends');
  if (!transcriptAllowed(row))
    throw new ApiError('invalid_state', 'The call may not be transcribed: recording consent was not given');
  const { trx, now } = ctx;
  const { tenantId } = ctx.principal;
  const id = uuidv7();
  await trx('callTranscripts').where({ tenantId, callId: row.id }).delete();
  await trx('callTranscripts').insert({
    tenantId,
    id,
    callId: row.id,
    language: input.language ?? null,
    textSealed: await seal(trx, tenantId, input.text),
    segmentsSealed: input.segments ? await seal(trx, tenantId, JSON.stringify(input.segments)) : null,
    createdAt: now,
  });
  const [updated] = (await trx('callSessions')
    .where({ tenantId, id: row.id })
    .update({ transcriptId: id, version: row.version + 1, updatedAt: now })
    .returning('*')) as CallSessionRow[];
  await ctx.emit(
    'call.transcribed',
    {
      callId: row.id,
      userId: row.userId,
      contactId: row.contactId,
      opportunityId: row.opportunityId,
      transcriptId: id,
    },
    { clientId: row.clientId },
  );
  const before = await presentCallRow(trx, row);
  const after = await presentCallRow(trx, updated!);
  await ctx.audit({ targetType: 'call', targetId: row.id, before: auditView(before), after: auditView(after) });
  return after;
};
