import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withTenant } from '#db/tenantTx';
import { SendPendingError, sendOutboxMail } from '#domains/mail/send/sender';
import type { GraphMailAdapter } from '#integrations/graph/adapter/index';
import {
  ANA,
  delivered,
  deps,
  direct,
  enqueue,
  mail,
  outbox,
  rep,
  scope,
  t,
  tenant,
  useSendFixture,
} from './sendFixture';

describe('mail.message.send: exactly once under retries', () => {
  useSendFixture();

  /** An adapter whose named method's `nth` call runs for real and then fails as a lost answer (timeout) would. */
  const failingAfter = (method: 'createDraft' | 'sendDraft' | 'findByHeader', nth = 1): GraphMailAdapter => {
    let calls = 0;
    return new Proxy(mail.adapter, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (prop !== method || typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          calls += 1;
          if (calls === nth) throw new Error(`socket hang up after ${method}`);
          return result;
        };
      },
    });
  };

  const cases: [string, GraphMailAdapter | (() => GraphMailAdapter)][] = [
    ['createDraft (draft made, its id never recorded)', () => failingAfter('createDraft')],
    ['sendDraft (sent, the 202 lost)', () => failingAfter('sendDraft')],
    ['the look-up after the send (sent, nothing recorded)', () => failingAfter('findByHeader', 2)],
  ];
  for (const [when, adapter] of cases) {
    it(`a run that dies after ${when} is retried without a second message`, async () => {
      const input = direct();
      const { id } = await enqueue(input);
      await expect(
        sendOutboxMail(deps(typeof adapter === 'function' ? adapter() : adapter), tenant.id, id),
      ).rejects.toThrow(/socket hang up/);
      expect((await outbox(id)).status).toBe('sending');
      // A killed worker never releases its lease: the row waits for it to expire, then the retry goes on.
      await withTenant(t.db.ownerKnex, scope(), (trx) =>
        trx('mailOutbox')
          .where({ tenantId: tenant.id, id })
          .update({ leaseUntil: new Date(Date.now() + 120_000) }),
      );
      await expect(sendOutboxMail(deps(), tenant.id, id)).rejects.toBeInstanceOf(SendPendingError);
      const retried = await sendOutboxMail({ ...deps(), now: () => new Date(Date.now() + 121_000) }, tenant.id, id);
      expect(retried.kind).toBe('sent');
      expect(delivered(ANA, input.sendKey)).toHaveLength(1);
      const sentFromRep = mail.emulator.control
        .sent()
        .filter((s) => s.message.internetMessageHeaders.some((h) => h.value === input.sendKey));
      expect(sentFromRep).toHaveLength(1);
      // No leftover draft either.
      expect(
        mail.emulator.control
          .messages(rep().email, 'drafts')
          .filter((m) => m.internetMessageHeaders.some((h) => h.value === input.sendKey)),
      ).toHaveLength(0);
      expect(await outbox(id)).toMatchObject({ status: 'sent', attempts: 2, leaseUntil: null });
    }, 60_000);
  }

  it('a sender process killed (SIGKILL) right after Graph accepted the send is retried without a second message', async () => {
    const input = direct();
    const { id } = await enqueue(input);
    const child = spawn(
      process.execPath,
      [
        '--conditions=@pivotal-pm/source',
        '--import',
        'tsx',
        join(import.meta.dirname, 'killedSender.ts'),
        t.db.ownerUrl,
        mail.emulator.url,
        mail.emulator.caFile,
        tenant.id,
        id,
      ],
      {
        cwd: join(import.meta.dirname, '..', '..', '..'),
        // The same master key as this process (the tenant's data key is wrapped under it).
        env: { ...process.env, PIVOTAL_DATA_DIR: t.config.dataDir },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(delivered(ANA, input.sendKey)).toHaveLength(1);
    const left = await outbox(id);
    expect(left).toMatchObject({ status: 'sending', messageId: null, attempts: 1 });
    expect(left.sendRequestedAt).not.toBeNull();
    // Its lease outlives it; once expired, the retry finds the sent copy and only records it.
    await expect(sendOutboxMail(deps(), tenant.id, id)).rejects.toBeInstanceOf(SendPendingError);
    expect(await sendOutboxMail({ ...deps(), now: () => new Date(Date.now() + 121_000) }, tenant.id, id)).toMatchObject(
      { kind: 'sent', alreadySent: true },
    );
    expect(delivered(ANA, input.sendKey)).toHaveLength(1);
    expect((await outbox(id)).status).toBe('sent');
  }, 90_000);

  it('after /send, a run that cannot see the sent copy yet waits (never drafts again) and finally gives up without resending', async () => {
    const input = direct();
    const { id } = await enqueue(input);
    // Graph accepted the send, but the lookup shows nothing (the copy is still in transit).
    const blind: GraphMailAdapter = { ...mail.adapter, findByHeader: async () => [] };
    await expect(sendOutboxMail(deps(blind), tenant.id, id)).rejects.toBeInstanceOf(SendPendingError);
    await expect(sendOutboxMail(deps(blind), tenant.id, id)).rejects.toBeInstanceOf(SendPendingError);
    expect(delivered(ANA, input.sendKey)).toHaveLength(1);
    const later = await sendOutboxMail(
      { ...deps(blind), now: () => new Date(Date.now() + 60 * 60_000) },
      tenant.id,
      id,
    );
    expect(later).toEqual({ kind: 'skipped', status: 'failed' });
    expect((await outbox(id)).lastError).toMatchObject({ code: 'send_unconfirmed' });
    expect(delivered(ANA, input.sendKey)).toHaveLength(1);
  }, 60_000);

  it('concurrent runs of the same row still deliver one message', async () => {
    const input = direct();
    const { id } = await enqueue(input);
    const results = await Promise.allSettled([
      sendOutboxMail(deps(), tenant.id, id),
      sendOutboxMail(deps(), tenant.id, id),
      sendOutboxMail(deps(), tenant.id, id),
    ]);
    // One run sends; the others find the row leased (retried later) or already sent.
    expect(
      results.filter((r) => r.status === 'fulfilled' && r.value.kind === 'sent' && !r.value.alreadySent),
    ).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(SendPendingError);
    expect(await sendOutboxMail(deps(), tenant.id, id)).toEqual({ kind: 'skipped', status: 'sent' });
    expect(delivered(ANA, input.sendKey)).toHaveLength(1);
    expect((await outbox(id)).leaseUntil).toBeNull();
  }, 60_000);
});
