import { describe, expect, it } from 'vitest';
import { crontab, tasks } from './index';
import { crontabOf, defineTask } from './task';

describe('worker tasks', () => {
  it('writes each schedule as a graphile crontab line: one run at a time, keyed by the task', () => {
    const lines = crontabOf([
      defineTask({ name: 'a', schedule: { cron: '* * * * *', queue: 'q' }, run: async () => undefined }),
      defineTask({ name: 'b', schedule: { cron: '*/15 * * * *', preserveRunAt: false }, run: async () => undefined }),
      defineTask({ name: 'c', run: async () => undefined }),
    ]);
    expect(lines.split('\n')).toEqual([
      '* * * * * a ?max=1&queue=q&jobKey=a&jobKeyMode=preserve_run_at',
      '*/15 * * * * b ?max=1&jobKey=b',
    ]);
  });

  it('drops a payload its task does not accept instead of running (or retrying) it', async () => {
    const ran: unknown[] = [];
    const warned: string[] = [];
    const task = defineTask({
      name: 'typed',
      accepts: (p): p is { id: string } => typeof (p as { id?: unknown })?.id === 'string',
      run: async (payload) => void ran.push(payload.id),
    });
    const helpers = { logger: { warn: (m: string) => warned.push(m) } } as unknown as Parameters<typeof task.handle>[2];
    const deps = {} as Parameters<typeof task.handle>[1];
    await task.handle({ id: 7 }, deps, helpers);
    await task.handle({ id: 'x' }, deps, helpers);
    expect([ran, warned]).toEqual([['x'], ['typed: bad payload, dropped']]);
  });

  it('schedules every recurring job of the product, each task name once', () => {
    expect(new Set(tasks.map((t) => t.name)).size).toBe(tasks.length);
    expect(crontab.split('\n').map((line) => line.split(' ')[5])).toEqual([
      'maintain_partitions',
      'deliver_webhooks',
      'mail_sync_tick',
      'mail_subscriptions_renew',
      'cadence_rollover',
      'promotion_expiry',
      'sequence_run',
      'score_drain',
      'score_nightly',
      'sla_evaluate',
      'sla_sweep',
      'bot_deliver',
      'bot_digests',
      'call_retention',
      'send_mail_tick',
      'workers_unlock_dead',
    ]);
  });
});
