import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { systemScope, withTenant } from '#db/tenantTx';
import type { CallSignal } from '#integrations/telephony/port';
import { finishCall } from './lifecycle';
import { attachRecording } from './recordings';
import { recordingUrlOf } from './presenters';
import { FINISHED, type CallSessionRow } from './rows';
import { callbackUrl, providerFor, telephonyRuntime } from './runtime';

/** How long a signal waits for its call to appear (its `call.start` not committed yet). */
const MISSING_CALL_WAIT_MS = 3_000;

/** The actor of what providers report. */
export const TELEPHONY_ACTOR = 'system:telephony';

/** What to ask the provider once a signal's transaction committed. */
type FollowUp = 'dial_customer' | 'prompt_consent' | 'start_recording' | null;

/** Applies one signal to a locked call: the change, and what to ask the provider next. Out-of-order signals do nothing. */
async function apply(
  trx: Knex.Transaction,
  row: CallSessionRow,
  s: CallSignal,
  now: Date,
): Promise<{ row: CallSessionRow; next: FollowUp }> {
  const set = async (values: Record<string, unknown>) =>
    (
      (await trx('callSessions')
        .where({ tenantId: row.tenantId, id: row.id })
        .update({ ...values, version: trx.raw('version + 1'), updatedAt: now })
        .returning('*')) as CallSessionRow[]
    )[0]!;
  const ids = {
    ...(s.providerCallId && !row.providerCallId ? { providerCallId: s.providerCallId } : {}),
    ...(s.serverCallId && !row.serverCallId ? { serverCallId: s.serverCallId } : {}),
  };
  const live = !FINISHED.has(row.status);
  switch (s.kind) {
    case 'ringing':
      if (row.status !== 'initiated') return { row, next: null };
      return { row: await set({ status: 'ringing', ...ids }), next: 'dial_customer' };
    case 'connected': {
      if (row.status !== 'initiated' && row.status !== 'ringing') return { row, next: null };
      const updated = await set({ status: 'connected', connectedAt: s.at, ...ids });
      const next =
        row.recordingState === 'allowed'
          ? 'start_recording'
          : row.recordingState === 'awaiting_consent'
            ? 'prompt_consent'
            : null;
      return { row: updated, next };
    }
    case 'consent_given':
      if (row.recordingState !== 'awaiting_consent') return { row, next: null };
      return { row: await set({ recordingState: 'allowed' }), next: live ? 'start_recording' : null };
    case 'consent_refused':
      if (row.recordingState !== 'awaiting_consent') return { row, next: null };
      return { row: await set({ recordingState: 'refused' }), next: null };
    case 'recording_started':
      if (row.recordingState !== 'allowed') return { row, next: null };
      return { row: await set({ recordingState: 'recording', recordingId: s.recordingId ?? null }), next: null };
    case 'recording_stopped':
      if (row.recordingState !== 'recording') return { row, next: null };
      return { row: await set({ recordingState: 'stopped' }), next: null };
    case 'recording_ready': {
      if (!s.recordingUrl || !['recording', 'stopped', 'allowed'].includes(row.recordingState))
        return { row, next: null };
      const currentUrl = await recordingUrlOf(trx, row);
      const updated = await attachRecording(
        trx,
        row,
        { url: s.recordingUrl, durationSec: s.durationSec ?? null, currentUrl },
        TELEPHONY_ACTOR,
        now,
      );
      return { row: updated, next: null };
    }
    case 'ended':
    case 'failed': {
      if (!live) return { row, next: null };
      const status = s.kind === 'failed' ? 'failed' : 'ended';
      const endedAt = s.at < row.startedAt ? row.startedAt : s.at;
      const finish = { status, endedAt, reason: s.reason ?? null, durationSec: s.durationSec ?? null } as const;
      return { row: await finishCall(trx, row, finish, TELEPHONY_ACTOR, now), next: null };
    }
  }
}

/** Asks the provider for what follows a signal (dial the customer, play the consent prompt, start recording). */
async function followUp(row: CallSessionRow, next: FollowUp): Promise<void> {
  const runtime = telephonyRuntime();
  const provider = providerFor(runtime, row.provider);
  if (!runtime || !provider || !row.providerCallId) return;
  if (next === 'dial_customer' && provider.dialCustomer && row.toNumber)
    await provider.dialCustomer({
      providerCallId: row.providerCallId,
      callId: row.id,
      toNumber: row.toNumber,
      fromNumber: runtime.callerId,
    });
  if (next === 'prompt_consent' && provider.promptConsent && row.toNumber)
    await provider.promptConsent({
      providerCallId: row.providerCallId,
      callId: row.id,
      toNumber: row.toNumber,
      text: 'This call may be recorded. Press 1 to agree to the recording, or any other key to decline.',
    });
  if (next === 'start_recording' && provider.startRecording && row.serverCallId)
    await provider.startRecording({
      serverCallId: row.serverCallId,
      callId: row.id,
      callbackUrl: callbackUrl(runtime, 'acs', row.tenantId, row.id),
    });
}

/**
 * Applies a provider's signals about one tenant's calls, each once (by its event id) and each in its own
 * transaction with the call locked; then asks the provider for what follows. Signals of calls that do not exist
 * are dropped. Answers how many were applied.
 */
export async function applySignals(
  deps: { knex: Knex; log: Logger; now?: () => Date; missingWaitMs?: number },
  tenantId: string,
  provider: 'acs' | 'twilio',
  signals: readonly CallSignal[],
): Promise<number> {
  let applied = 0;
  for (const s of signals) {
    const now = deps.now?.() ?? new Date();
    const attempt = () =>
      withTenant(deps.knex, systemScope(tenantId), async (trx) => {
        const call = (await trx('callSessions').where({ tenantId, id: s.callId }).forUpdate().first()) as
          CallSessionRow | undefined;
        if (!call) return 'missing' as const;
        const fresh = (await trx('callSignals')
          .insert({ tenantId, provider, eventId: s.eventId, callId: s.callId, kind: s.kind, receivedAt: now })
          .onConflict(['tenantId', 'provider', 'eventId'])
          .ignore()
          .returning('eventId')) as unknown[];
        if (fresh.length === 0) return null;
        return apply(trx, call, s, now);
      });
    // The provider may call back before `call.start`'s transaction committed (it places the call inside it): the
    // call appears within moments, so a missing one is looked for again for a little while before it is dropped.
    let done = await attempt();
    for (let waited = 0; done === 'missing' && waited < (deps.missingWaitMs ?? MISSING_CALL_WAIT_MS); waited += 50) {
      await new Promise((r) => setTimeout(r, 50));
      done = await attempt();
    }
    if (done === 'missing')
      deps.log.warn({ callId: s.callId, kind: s.kind }, 'calls: a signal for an unknown call, dropped');
    if (done === 'missing') continue;
    if (!done) continue;
    applied += 1;
    if (done.next)
      await followUp(done.row, done.next).catch((error: unknown) =>
        deps.log.warn({ err: error, callId: s.callId, next: done.next }, 'calls: the provider refused a follow-up'),
      );
  }
  return applied;
}
