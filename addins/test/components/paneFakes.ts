/** The API and host doubles of the Outlook pane's component tests. */
import type { MailContext, Me, MessageIndex } from '@pivotal-pm/sdk';
import type { MailboxHost, MailItem } from '../../shared/host/mailbox';
import { memoryOfferStore, type OfferStore } from '../../shared/host/sendOffers';
import { me, opp, pipeline } from './fakeApi';
import { callOp, type FakeCalling } from './fakeCalls';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export const jane = {
  id: '00000000-0000-7000-8000-00000000d001',
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'jane@initech.test',
  phone: '+15550100200',
  accountId: '00000000-0000-7000-8000-0000000000c1',
};
export const initech = { id: jane.accountId, name: 'Initech', domain: 'initech.test' };
export const BOB = '00000000-0000-7000-8000-00000000d002';
const bob = { id: BOB, firstName: 'Bob', lastName: 'Builder', email: 'bob@initech.test', accountId: initech.id };
export const SEQ = '00000000-0000-7000-8000-00000000a501';
export const TPL = '00000000-0000-7000-8000-00000000a601';

/** A context as `mailContext.get` answers it, for Jane's email about one breached deal. */
export const deal = opp({ name: 'Initech renewal', stage: 'proposal', amount: '12500.00' });

function contextOf(input: { from?: string; to: string[]; cc: string[] }, known: boolean): MailContext {
  // As the API does: the caller's own address is not a person of their email.
  const addresses = [
    ...(input.from ? [{ address: input.from, role: 'from' as const }] : []),
    ...input.to.map((address) => ({ address, role: 'to' as const })),
    ...input.cc.map((address) => ({ address, role: 'cc' as const })),
  ].filter((p) => p.address !== 'rep@acme.test');
  return {
    message: null,
    people: addresses.map((p) => ({
      ...p,
      contact:
        known && p.address === jane.email ? (jane as never) : known && p.address === bob.email ? (bob as never) : null,
      account: p.address.endsWith('@initech.test') ? (initech as never) : null,
    })),
    opportunities: known
      ? [
          {
            opportunity: deal,
            pipelineName: 'New Business',
            ownerName: 'Remy Rep',
            daysInStage: 12,
            sla: 'breached',
            matchedBy: 'contact',
          },
        ]
      : [],
    lastTouch: null,
    openTasks: [],
    enrollments: [],
  };
}

/** The API the pane calls, recorded; `known` says whether Jane is a contact yet. */
export function paneApi(
  options: {
    role?: 'salesRep' | 'clientViewer';
    known?: boolean;
    sent?: () => MessageIndex[];
    /** The tenant has webrtc_calls and the rep call.make. */
    calling?: boolean;
  } = {},
) {
  const calling: FakeCalling = { flag: true, permission: true, consentRequired: false, sessions: [], queue: [] };
  const calls: { op: string; input: Record<string, unknown> }[] = [];
  let known = options.known ?? true;
  const caller = me(options.role ?? 'salesRep') as Me;
  if (options.calling) {
    caller.flags = [...caller.flags, 'webrtc_calls'];
    caller.permissions = [...caller.permissions, 'call.make'];
  }
  if ((options.role ?? 'salesRep') === 'salesRep') {
    caller.permissions = [
      ...caller.permissions,
      'mail.read',
      'engagement.write',
      'contact.read',
      'contact.write',
      'account.write',
      'sequence.read',
      'sequence.enroll',
      'mail.send',
    ] as Me['permissions'];
  }
  const fetchImpl = (async (url: string | URL | Request, init?: RequestInit) => {
    const op = String(url).split('/v1/')[1]!.split('?')[0]!;
    const query = new URL(String(url)).searchParams.get('input');
    const input = JSON.parse(String(init?.body ?? query ?? '{}')) as Record<string, unknown>;
    calls.push({ op, input });
    switch (op) {
      case 'me.get':
        return json(200, { data: caller });
      case 'call.token.get':
      case 'call.start': {
        const [status, body] = callOp(calling, op, input);
        return json(status, body);
      }
      case 'pipeline.list':
        return json(200, { data: [pipeline], nextCursor: null });
      case 'mailContext.get':
        return json(200, { data: contextOf(input as never, known) });
      case 'engagement.log':
        return json(200, { data: { id: '00000000-0000-7000-8000-00000000e001', ...input } });
      case 'task.create':
        return json(200, { data: { id: '00000000-0000-7000-8000-00000000f001', ...input } });
      case 'account.create':
        return json(200, { data: { id: '00000000-0000-7000-8000-0000000000c9', ...input } });
      case 'sequence.list':
        return json(200, { data: [{ id: SEQ, name: 'Renewal nurture' }], nextCursor: null });
      case 'sequence.simulate':
        return json(200, {
          data: {
            sequenceId: SEQ,
            version: 1,
            startAt: '2026-12-01T09:00:00.000Z',
            schedule: [
              {
                contactId: jane.id,
                stepIndex: 0,
                stepKey: '0',
                type: 'email',
                at: '2026-12-02T09:00:00.000Z',
                nominalAt: '2026-12-01T09:00:00.000Z',
                deferredBy: ['send_window'],
                delays: [],
              },
            ],
            excluded: (input.contactIds as string[]).includes(BOB) ? [{ contactId: BOB, reason: 'opted_out' }] : [],
            warnings: [],
          },
        });
      case 'sequence.enroll':
        return json(200, {
          data: {
            results: [],
            enrolled: (input.targets as { contactId: string }[]).map((t) => ({ id: 'e1', contactId: t.contactId })),
            skipped: [],
          },
        });
      case 'template.list':
        return json(200, { data: [{ id: TPL, name: 'Check-in' }], nextCursor: null });
      case 'template.render':
        return json(200, { data: { subject: 'About your renewal', bodyHtml: '<p>Hi Jane</p>', contactId: jane.id } });
      case 'mail.messages.list':
        return json(200, { data: input.folder === 'sent' ? (options.sent?.() ?? []) : [], nextCursor: null });
      case 'contact.create':
        known = true;
        return json(200, { data: { id: jane.id, ...input } });
      default:
        return json(501, { error: { code: 'not_implemented', message: op, requestId: 'r' } });
    }
  }) as typeof fetch;
  return { calls, fetch: fetchImpl, of: (op: string) => calls.filter((c) => c.op === op).map((c) => c.input) };
}

/** A MailboxHost double (offers kept in memory) with one open item (Outlook-like: signed in through SSO); `inserted` records compose inserts. */
export function fakeHost(
  item: MailItem | null,
  inserted: [string, string][] = [],
  offers: OfferStore = memoryOfferStore(),
): MailboxHost {
  return {
    offers,
    insertHtml: async (html, subject) => void inserted.push([html, subject]),
    kind: 'outlook',
    theme: 'light',
    onThemeChange: () => () => undefined,
    item: async () => item,
    onItemChange: () => () => undefined,
    getToken: async () => 'sso-token',
    userHint: 'rep@acme.test',
  };
}

export const readItem = (patch: Partial<MailItem> = {}): MailItem => ({
  mode: 'read',
  internetMessageId: '<renewal-1@initech.test>',
  subject: 'Renewal question',
  from: { name: 'Jane Doe', address: 'Jane@Initech.test' },
  to: [{ name: 'Remy Rep', address: 'rep@acme.test' }],
  cc: [{ name: 'Bob Builder', address: 'bob@initech.test' }],
  createdAt: '2026-12-01T09:00:00.000Z',
  ...patch,
});
