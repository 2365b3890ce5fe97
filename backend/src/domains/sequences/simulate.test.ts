import type { SendWindow, SequenceStep } from '@pivotal-pm/sdk';
import { describe, expect, it } from 'vitest';
import { sendCaps, simulateSchedule } from './simulate';
import { SlotCalendar } from './simulateCalendar';

import { LONDON, L, U, days, weekdays, email, plan, readable } from './simulateTestkit';

describe('simulateSchedule (exact cases)', () => {
  it('holds a step until business hours, across a weekend, as one business_hours delay', () => {
    // Friday 2 April 2027 18:00 BST: next open time Monday 09:00 BST. The wait P1D then lands on Tuesday 09:00.
    const out = readable(simulateSchedule(plan({ steps: [email('P1D'), email()], startAt: L('2027-04-02T18:00') })));
    expect(out).toEqual([
      {
        contactId: 'c0',
        stepKey: '0',
        type: 'email',
        at: '2027-04-05T08:00:00.000Z',
        nominalAt: '2027-04-02T17:00:00.000Z',
        delays: ['business_hours 2027-04-02T17:00:00.000Z -> 2027-04-05T08:00:00.000Z'],
      },
      {
        contactId: 'c0',
        stepKey: '1',
        type: 'email',
        at: '2027-04-06T08:00:00.000Z',
        nominalAt: '2027-04-06T08:00:00.000Z',
        delays: [],
      },
    ]);
  });

  it('moves a step out of quiet hours', () => {
    const window: SendWindow = { ...weekdays, quietHours: [{ day: 1, start: '12:00', end: '13:00' }] };
    const [s] = simulateSchedule(plan({ window, startAt: L('2027-03-29T12:30') }));
    expect(s!.at).toBe(L('2027-03-29T13:00'));
    expect(s!.deferredBy).toEqual(['quiet_hours']);
    expect(s!.delays).toEqual([{ guardrail: 'quiet_hours', from: L('2027-03-29T12:30'), to: L('2027-03-29T13:00') }]);
  });

  it('skips a tenant holiday, then waits for the next opening', () => {
    const [s] = readable(simulateSchedule(plan({ holidays: new Set(['2027-03-29']) })));
    expect(s).toMatchObject({
      at: '2027-03-30T08:00:00.000Z',
      delays: [
        'holiday 2027-03-29T09:00:00.000Z -> 2027-03-29T23:00:00.000Z',
        'business_hours 2027-03-29T23:00:00.000Z -> 2027-03-30T08:00:00.000Z',
      ],
    });
  });

  it('keeps wall-clock times across the spring-forward and fall-back changes, in the contact zone', () => {
    const everyDay: SendWindow = { timezone: 'UTC', businessHours: days([1, 2, 3, 4, 5, 6, 7]), quietHours: [] };
    // London, Saturday 27 March 2027 10:00 GMT (10:00Z) + P1D = Sunday 10:00 BST (09:00Z); the contact's zone rules
    // over the sequence's UTC window.
    const spring = readable(
      simulateSchedule(plan({ window: everyDay, steps: [email('P1D'), email()], startAt: U('2027-03-27T10:00:00Z') })),
    );
    expect(spring.map((s) => s.at)).toEqual(['2027-03-27T10:00:00.000Z', '2027-03-28T09:00:00.000Z']);
    // New York, Saturday 6 November 2027 08:00 EDT (12:00Z): held to 09:00 EDT (13:00Z); + P1D = Sunday 09:00 EST (14:00Z).
    const ny = [{ id: 'ny', zone: 'America/New_York', lastTouchAt: null }];
    const fall = readable(
      simulateSchedule(
        plan({ window: everyDay, contacts: ny, steps: [email('P1D'), email()], startAt: U('2027-11-06T12:00:00Z') }),
      ),
    );
    expect(fall.map((s) => [s.at, s.delays])).toEqual([
      ['2027-11-06T13:00:00.000Z', ['business_hours 2027-11-06T12:00:00.000Z -> 2027-11-06T13:00:00.000Z']],
      ['2027-11-07T14:00:00.000Z', []],
    ]);
    // Sunday 28 March 2027 00:30Z in London: 01:30 does not exist; a window from 01:00 opens at 02:00 BST (01:00Z).
    const night: SendWindow = { timezone: LONDON, businessHours: days([7], '01:00', '04:00'), quietHours: [] };
    const [s] = simulateSchedule(plan({ window: night, startAt: U('2027-03-28T00:30:00Z') }));
    expect(new Date(s!.at).toISOString()).toBe('2027-03-28T01:00:00.000Z');
  });

  it('queues a cohort behind the mailbox pacing of 30 messages a minute', () => {
    const out = simulateSchedule(plan({ contactCount: 65 }));
    const t0 = L('2027-03-29T10:00');
    expect(out.map((s) => (s.at - t0) / 60_000)).toEqual([
      ...Array(30).fill(0),
      ...Array(30).fill(1),
      ...Array(5).fill(2),
    ]);
    expect(out[30]!.delays).toEqual([{ guardrail: 'mailbox_pacing', from: t0, to: t0 + 60_000 }]);
    expect(out[64]!.delays).toEqual([{ guardrail: 'mailbox_pacing', from: t0, to: t0 + 120_000 }]);
    expect(out[0]!.delays).toEqual([]);
  });

  it("counts today's sends already made (cap counters) before the cohort", () => {
    const calendar = new SlotCalendar();
    calendar.add('mailbox-minute:u1', L('2027-03-29T10:00'), 30);
    const [s] = simulateSchedule(plan({ calendar }));
    expect(s!.at).toBe(L('2027-03-29T10:01'));
    expect(s!.deferredBy).toEqual(['mailbox_pacing']);
  });

  it("pushes sends over the sequence's daily cap to the next day", () => {
    const caps = sendCaps({ sequenceKey: 's1', dailyCap: 2, mailboxUserId: 'u1', tenantDailyCap: null });
    const out = readable(simulateSchedule(plan({ caps, contactCount: 3, startAt: L('2027-03-29T16:00') })));
    expect(out.map((s) => s.at)).toEqual([
      '2027-03-29T15:00:00.000Z',
      '2027-03-29T15:00:00.000Z',
      '2027-03-30T08:00:00.000Z',
    ]);
    // The cap counts per UTC day: the third send is free from 00:00Z (01:00 BST), then waits for business hours.
    expect(out[2]!.delays).toEqual([
      'daily_cap 2027-03-29T15:00:00.000Z -> 2027-03-30T00:00:00.000Z',
      'business_hours 2027-03-30T00:00:00.000Z -> 2027-03-30T08:00:00.000Z',
    ]);
    // A tenant cap is checked first.
    const tenantCaps = sendCaps({ sequenceKey: 's1', dailyCap: 200, mailboxUserId: 'u1', tenantDailyCap: 1 });
    expect(simulateSchedule(plan({ caps: tenantCaps, contactCount: 2 }))[1]!.deferredBy).toEqual([
      'daily_cap',
      'business_hours',
    ]);
  });

  it('applies the per-contact and per-sequence cooldowns', () => {
    const contacts = [{ id: 'c0', zone: LONDON, lastTouchAt: L('2027-03-29T09:30') }];
    const out = readable(
      simulateSchedule(
        plan({ contacts, steps: [email(), email()], cooldowns: { perContact: 'PT24H', perSequence: 'PT12H' } }),
      ),
    );
    expect(out).toEqual([
      expect.objectContaining({
        at: '2027-03-30T08:30:00.000Z',
        delays: ['cooldown 2027-03-29T09:00:00.000Z -> 2027-03-30T08:30:00.000Z'],
      }),
      // The second email: 24h after the first (the longer of the two cooldowns), inside business hours.
      expect.objectContaining({
        at: '2027-03-31T08:30:00.000Z',
        nominalAt: '2027-03-30T08:30:00.000Z',
        delays: ['cooldown 2027-03-30T08:30:00.000Z -> 2027-03-31T08:30:00.000Z'],
      }),
    ]);
  });

  it("waits out the owner's out-of-office", () => {
    const away = [{ start: L('2027-03-29T00:00'), end: L('2027-03-31T12:00') }];
    const [s] = simulateSchedule(plan({ away }));
    expect(s!.at).toBe(L('2027-03-31T12:00'));
    expect(s!.delays).toEqual([{ guardrail: 'out_of_office', from: L('2027-03-29T10:00'), to: L('2027-03-31T12:00') }]);
  });

  it('follows the no-engagement path through branches and stops', () => {
    const steps: SequenceStep[] = [
      {
        type: 'email',
        mode: 'auto',
        templateId: 'a',
        wait: 'P1D',
        branch: [
          { when: 'replied', do: [{ type: 'stop' }] },
          { when: 'no_open_48h', do: [{ type: 'email', mode: 'auto', templateId: 'nudge' }] },
        ],
      },
      {
        type: 'branch',
        when: 'replied',
        within: 'P2D',
        do: [{ type: 'stop' }],
        else: [{ type: 'call', dueIn: 'P1D' }],
      },
      { type: 'webhook', url: 'https://hooks.example/x' },
      { type: 'stop' },
      email(),
    ];
    const out = readable(simulateSchedule(plan({ steps })));
    expect(out.map((s) => [s.stepKey, s.type, s.at])).toEqual([
      ['0', 'email', '2027-03-29T09:00:00.000Z'],
      ['0.branch.1.do.0', 'email', '2027-03-31T09:00:00.000Z'], // 48h after the first email
      ['1', 'branch', '2027-04-02T09:00:00.000Z'], // `within` P2D runs out with no reply
      ['1.else.0', 'call', '2027-04-02T09:00:00.000Z'],
      ['2', 'webhook', '2027-04-02T09:00:00.000Z'],
      ['3', 'stop', '2027-04-02T09:00:00.000Z'],
    ]);
  });
});
