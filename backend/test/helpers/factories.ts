import type { Role } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { uuidv7 } from '#db/ids';
import type { ClientRow, ProjectRow } from '#domains/clients/presenters';
import type { AccountRow, ContactRow } from '#domains/crm/presenters';
import type { ApiKeyRow, TenantRow, UserTableRow } from '#domains/directory/presenters';
import type { EngagementRow, TaskRow } from '#domains/engagements/presenters';
import type { OpportunityRow, PipelineRow } from '#domains/pipelines/rows';

/**
 * Test data through the OWNER knex of `createTestDatabase()` (camelCase in and out). Each factory fills
 * sensible defaults and creates missing parents (an opportunity without an account gets one).
 * jsonb columns holding arrays must be passed as JSON.stringify(...) (pg sends JS arrays as Postgres arrays).
 */
export type Db = Knex | Knex.Transaction;
type Input<Row> = Partial<Row>;

let counter = 0;
const next = () => ++counter;

async function insert<T>(db: Db, table: string, values: Record<string, unknown>): Promise<T> {
  const [row] = await db(table).insert(values).returning('*');
  return row as T;
}

export function createTenant(db: Db, values: Input<TenantRow> = {}): Promise<TenantRow> {
  const n = next();
  return insert(db, 'tenants', {
    id: uuidv7(),
    slug: `tenant-${n}-${Date.now().toString(36)}`,
    name: `Tenant ${n}`,
    ...values,
  });
}

/** A user; also assigns `role` (default salesRep; null for none), confined to `clientId` when given. */
export async function createUser(
  db: Db,
  tenantId: string,
  values: Input<UserTableRow> & { role?: Role | null; clientId?: string | null } = {},
): Promise<UserTableRow> {
  const { role = 'salesRep', clientId = null, ...user } = values;
  const n = next();
  const row = await insert<UserTableRow>(db, 'users', {
    tenantId,
    id: uuidv7(),
    email: `user${n}@example.test`,
    displayName: `User ${n}`,
    ...user,
  });
  if (role) await insert(db, 'role_assignments', { tenantId, id: uuidv7(), userId: row.id, role, clientId });
  return row;
}

export function createClient(db: Db, tenantId: string, values: Input<ClientRow> = {}): Promise<ClientRow> {
  return insert(db, 'clients', { tenantId, id: uuidv7(), name: `Client ${next()}`, ...values });
}

export async function createProject(db: Db, tenantId: string, values: Input<ProjectRow> = {}): Promise<ProjectRow> {
  const clientId = values.clientId ?? (await createClient(db, tenantId)).id;
  return insert(db, 'projects', { tenantId, id: uuidv7(), name: `Project ${next()}`, ...values, clientId });
}

export function createAccount(db: Db, tenantId: string, values: Input<AccountRow> = {}): Promise<AccountRow> {
  const n = next();
  return insert(db, 'accounts', {
    tenantId,
    id: uuidv7(),
    name: `Account ${n}`,
    domain: `account${n}.example`,
    ...values,
  });
}

export async function createContact(db: Db, tenantId: string, values: Input<ContactRow> = {}): Promise<ContactRow> {
  const n = next();
  const accountId = values.accountId ?? (await createAccount(db, tenantId, { clientId: values.clientId ?? null })).id;
  return insert(db, 'contacts', {
    tenantId,
    id: uuidv7(),
    firstName: 'Contact',
    lastName: `${n}`,
    email: `contact${n}@example.test`,
    ...values,
    accountId,
  });
}

/** A pipeline with stages qualification .. closedLost; internal (clientId null) unless given. */
export async function createPipeline(db: Db, tenantId: string, values: Input<PipelineRow> = {}): Promise<PipelineRow> {
  const ownerId = values.ownerId ?? (await createUser(db, tenantId, { role: 'salesManager' })).id;
  return insert(db, 'pipelines', {
    tenantId,
    id: uuidv7(),
    name: `Pipeline ${next()}`,
    defaultCurrency: 'EUR',
    stageOrder: ['qualification', 'proposal', 'negotiation', 'closedWon', 'closedLost'],
    ...values,
    ownerId,
  });
}

/** An open opportunity in the first stage; its pipeline, account and owner are made when not given. */
export async function createOpportunity(
  db: Db,
  tenantId: string,
  values: Input<OpportunityRow> = {},
): Promise<OpportunityRow> {
  const clientId = values.clientId ?? null;
  const ownerId = values.ownerId ?? (await createUser(db, tenantId)).id;
  const pipelineId = values.pipelineId ?? (await createPipeline(db, tenantId, { clientId, ownerId })).id;
  const accountId = values.accountId ?? (await createAccount(db, tenantId, { clientId })).id;
  return insert(db, 'opportunities', {
    tenantId,
    id: uuidv7(),
    name: `Opportunity ${next()}`,
    stage: 'qualification',
    amount: '1000.00',
    currency: 'EUR',
    probability: 0.1,
    ...values,
    clientId,
    ownerId,
    pipelineId,
    accountId,
  });
}

/** A note on an account (and opportunity when given), occurring now unless `occurredAt` is given. */
export async function createEngagement(
  db: Db,
  tenantId: string,
  values: Input<EngagementRow> = {},
): Promise<EngagementRow> {
  const accountId = values.accountId ?? (await createAccount(db, tenantId, { clientId: values.clientId ?? null })).id;
  return insert(db, 'engagements', {
    tenantId,
    id: uuidv7(),
    occurredAt: new Date(),
    type: 'note',
    channel: 'inapp',
    subject: `Note ${next()}`,
    ...values,
    accountId,
  });
}

export async function createTask(db: Db, tenantId: string, values: Input<TaskRow> = {}): Promise<TaskRow> {
  const ownerId = values.ownerId ?? (await createUser(db, tenantId)).id;
  return insert(db, 'tasks', {
    tenantId,
    id: uuidv7(),
    type: 'followup',
    title: `Task ${next()}`,
    dueAt: new Date(Date.now() + 86_400_000),
    ...values,
    ownerId,
  });
}

/** An API key row (the hash of secret `secret` is the caller's business; default: 64 zeros). */
export function createApiKey(db: Db, tenantId: string, values: Input<ApiKeyRow> = {}): Promise<ApiKeyRow> {
  return insert(db, 'api_keys', {
    tenantId,
    id: uuidv7(),
    name: `Key ${next()}`,
    keyHash: '0'.repeat(64),
    role: 'admin',
    ...values,
  });
}
