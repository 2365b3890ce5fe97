import type { Contact, Forecast, Me, Opportunity, Pipeline, Task } from '@pivotal-pm/sdk';
import { callOp, type FakeCalling } from './fakeCalls';

/** An in-memory stand-in for the API behind the real SDK client (component tests only). */
export type FakeApi = {
  fetch: typeof fetch;
  calls: { op: string; input: Record<string, unknown>; auth: string | null }[];
  opps: Opportunity[];
  tasks: Task[];
  contacts: (Pick<Contact, 'id' | 'firstName' | 'lastName'> & Partial<Pick<Contact, 'phone'>>)[];
  /** The account's switchboard number `account.get` answers. */
  accountPhone?: string;
  /** What `opportunity.forecast.get` answers (a 501 when unset). */
  forecast?: Forecast;
  /** The calling side: the flag and permission of the caller, call sessions, the dialer queue (see fakeCalls). */
  calling: FakeCalling;
};

/** The caller's roles in the fakes: a rep (own deals), a manager (everyone's), a client viewer (read only). */
export type FakeRole = 'salesRep' | 'salesManager' | 'clientViewer';

const T = '2026-11-01T09:00:00.000Z';
export const ids = {
  tenant: '00000000-0000-7000-8000-000000000001',
  pipeline: '00000000-0000-7000-8000-0000000000a1',
  rep: '00000000-0000-7000-8000-0000000000b1',
  account: '00000000-0000-7000-8000-0000000000c1',
  /** Another rep, owner of deals the test rep may not change. */
  other: '00000000-0000-7000-8000-0000000000b2',
  contact: '00000000-0000-7000-8000-0000000000d1',
};

/** The test pipeline: three open stages and two closing ones. */
export const pipeline: Pipeline = {
  id: ids.pipeline,
  tenantId: ids.tenant,
  createdAt: T,
  updatedAt: T,
  name: 'New Business',
  ownerId: ids.rep,
  defaultCurrency: 'GBP',
  stageOrder: ['qualification', 'proposal', 'negotiation', 'closedWon', 'closedLost'],
  slaPolicy: { defaultMaxIdleHours: 72 },
  active: true,
  clientId: null,
  projectIds: [],
  version: 1,
} as Pipeline;

let n = 0;
/** An opportunity of the test pipeline. */
export function opp(patch: Partial<Opportunity>): Opportunity {
  n += 1;
  return {
    id: `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
    tenantId: ids.tenant,
    createdAt: T,
    updatedAt: T,
    pipelineId: ids.pipeline,
    clientId: null,
    projectId: null,
    name: `Deal ${n}`,
    accountId: ids.account,
    primaryContactId: null,
    ownerId: ids.rep,
    stage: 'qualification',
    amount: '1000.00',
    currency: 'GBP',
    probability: 0.1,
    closeDate: '2026-12-01',
    source: null,
    score: 50,
    tags: [],
    customFields: {},
    status: 'open',
    reason: null,
    stageEnteredAt: T,
    lastActivityAt: T,
    version: 1,
    ...patch,
  } as Opportunity;
}

/** The caller: a rep (may write) or a client viewer (read only). */
export function me(role: FakeRole): Me {
  const read = [
    'self',
    'directory.read',
    'client.read',
    'account.read',
    'contact.read',
    'pipeline.read',
    'opportunity.read',
    'forecast.read',
    'engagement.read',
    'task.read',
  ];
  return {
    user: {
      id: ids.rep,
      tenantId: ids.tenant,
      createdAt: T,
      updatedAt: T,
      email: 'rep@acme.test',
      displayName: 'Remy Rep',
      active: true,
      timeZone: 'UTC',
      roles: [role],
      clientIds: null,
    },
    principal: { kind: 'user', actor: 'rep@acme.test' },
    tenant: { id: ids.tenant, name: 'Acme Agency', slug: 'acme' },
    roles: [role],
    clientIds: role === 'clientViewer' ? [] : null,
    permissions:
      role === 'salesRep'
        ? [...read, 'opportunity.write', 'task.write']
        : role === 'salesManager'
          ? [...read, 'opportunity.write', 'task.write', 'ownership.override']
          : read,
    flags: ['pipeline'],
  } as unknown as Me;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A fake API over `opps`; `refuse` makes moveStage answer 409 for those ids. */
export function fakeApi(opps: Opportunity[], role: FakeRole = 'salesRep', refuse = new Set<string>()): FakeApi {
  const calling: FakeCalling = { flag: false, permission: false, consentRequired: false, sessions: [], queue: [] };
  const api: FakeApi = {
    calls: [],
    opps,
    tasks: [],
    contacts: [],
    calling,
    fetch: undefined as unknown as typeof fetch,
  };
  api.fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    const op = String(url).split('/v1/')[1]!.split('?')[0]!;
    const input = JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>;
    api.calls.push({ op, input, auth: new Headers(init?.headers).get('authorization') });
    const page = (data: unknown[]) => json(200, { data, nextCursor: null });
    switch (op) {
      case 'me.get': {
        const caller = me(role);
        if (api.calling.flag) caller.flags = [...caller.flags, 'webrtc_calls'];
        if (api.calling.permission) caller.permissions = [...caller.permissions, 'call.make'];
        return json(200, { data: caller });
      }
      case 'pipeline.list':
        return page([pipeline]);
      case 'user.list':
        return page([{ ...me(role).user }, { ...me(role).user, id: ids.other, displayName: 'Olga Other' }]);
      case 'account.list':
        return page([{ id: ids.account, name: 'Tailspin Toys' }]);
      case 'account.get':
        return json(200, { data: { id: ids.account, name: 'Tailspin Toys', phone: api.accountPhone ?? null } });
      case 'client.list':
      case 'project.list':
        return page([]);
      case 'opportunity.list': {
        // Pages of `limit`, the cursor being the offset (opaque to the client, like the API's keyset cursor).
        const all = api.opps.filter(
          (o) =>
            (input.stage === undefined || o.stage === input.stage) &&
            (input.status === undefined || o.status === input.status) &&
            (input.ownerId === undefined || o.ownerId === input.ownerId) &&
            (input.closeDateFrom === undefined || (o.closeDate ?? '') >= String(input.closeDateFrom)) &&
            (input.closeDateTo === undefined || (o.closeDate ?? '9999') <= String(input.closeDateTo)),
        );
        const from = Number(input.cursor ?? 0);
        const limit = Number(input.limit ?? 50);
        const next = from + limit < all.length ? String(from + limit) : null;
        return json(200, { data: all.slice(from, from + limit), nextCursor: next });
      }
      case 'opportunity.moveStage': {
        const found = api.opps.find((o) => o.id === input.id)!;
        if (refuse.has(found.id))
          return json(409, {
            error: { code: 'opportunity_closed', message: 'The opportunity is closed', requestId: 'r1' },
          });
        Object.assign(found, { stage: input.stage, version: found.version + 1 });
        return json(200, { data: found });
      }
      case 'opportunity.get':
        return json(200, { data: api.opps.find((o) => o.id === input.id) });
      case 'opportunity.create': {
        // Like the API: the schema's field issues in a 400 validation_failed.
        if (!/^\d+(\.\d{1,2})?$/.test(String(input.amount)))
          return json(400, {
            error: {
              code: 'validation_failed',
              message: 'Invalid input at amount: expected a decimal amount',
              requestId: 'r3',
              details: { issues: [{ path: 'amount', message: 'expected a decimal amount', code: 'custom' }] },
            },
          });
        const created = opp({ ...(input as Partial<Opportunity>), ownerId: ids.rep, stage: String(input.stage) });
        api.opps.push(created);
        return json(201, { data: created });
      }
      case 'task.list': {
        const of = input.opportunityIds as string[] | undefined;
        const found = api.tasks
          .filter((t) => (of === undefined || of.includes(t.opportunityId ?? '')) && t.status === input.status)
          .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
        return page(found);
      }
      case 'contact.list':
        return page(api.contacts.filter((c) => (input.ids as string[] | undefined)?.includes(c.id) ?? true));
      case 'opportunity.forecast.get':
        if (api.forecast) return json(200, { data: api.forecast });
        return json(501, { error: { code: 'not_implemented', message: op, requestId: 'r4' } });
      case 'call.token.get':
      case 'call.start':
      case 'call.end':
      case 'call.disposition':
      case 'call.summary.get':
      case 'dialer.queue.next': {
        const [status, body] = callOp(api.calling, op, input);
        return json(status, body);
      }
      default:
        return json(501, { error: { code: 'not_implemented', message: op, requestId: 'r2' } });
    }
  }) as typeof fetch;
  return api;
}

/** An unfinished task of an opportunity (status as the API presents it: `overdue` once past due). */
export function task(patch: Partial<Task> & { opportunityId: string; dueAt: string }): Task {
  n += 1;
  return {
    id: `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
    tenantId: ids.tenant,
    createdAt: T,
    updatedAt: T,
    type: 'call',
    title: `Task ${n}`,
    notes: null,
    contactId: null,
    ownerId: ids.rep,
    priority: 'normal',
    status: 'open',
    origin: 'manual',
    completedAt: null,
    version: 1,
    ...patch,
  } as Task;
}
