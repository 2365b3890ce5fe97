import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { uuidv7 } from '#db/ids';
import { masterKeyring, type MasterKey, type MasterKeyring } from './masterKeys';

/**
 * Envelope encryption: a blob is sealed with AES-256-GCM under its tenant's data key, and each data key is
 * stored wrapped under a master key (`tenant_data_keys`). Blob layout: version (1) | data key id (16) | iv (12)
 * | auth tag (16) | ciphertext. The tenant id and key id are the GCM additional data, so a blob copied into
 * another tenant (or re-labelled with another key id) fails authentication instead of decrypting.
 *
 * `db` is a tenant-scoped connection (a request's `ctx.trx`, or `withTenant`): RLS shows only its tenant's keys.
 */

const VERSION = 1;
const HEADER = 1 + 16 + 12 + 16;

/** A blob that is not a sealed blob of this tenant, or was altered (GCM authentication failed). */
export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealError';
  }
}

type KeyRow = { id: string; master_key_id: string; wrapped_key: Buffer };

const unwrapped = new Map<string, Buffer>();

/** AES-256-GCM with a fresh 96-bit IV. */
export function gcmSeal(key: Buffer, plaintext: Buffer, aad: Buffer): { iv: Buffer; tag: Buffer; body: Buffer } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), body };
}

/** Opens what `gcmSeal` sealed; throws `SealError` when it fails authentication. */
export function gcmOpen(key: Buffer, iv: Buffer, tag: Buffer, body: Buffer, aad: Buffer): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv).setAAD(aad).setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new SealError('sealed data failed authentication (altered, or sealed for another tenant)');
  }
}

const wrapAad = (tenantId: string, keyId: string) => Buffer.from(`pivotal-dek:${tenantId}:${keyId}`);
const blobAad = (tenantId: string, keyId: string) => Buffer.from(`pivotal-blob:v${VERSION}:${tenantId}:${keyId}`);
const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const uuidText = (b: Buffer) => b.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

/** Wraps a data key under a master key (stored as iv | tag | wrapped key). */
export function wrapDataKey(master: MasterKey, tenantId: string, keyId: string, dataKey: Buffer): Buffer {
  const { iv, tag, body } = gcmSeal(master.key, dataKey, wrapAad(tenantId, keyId));
  return Buffer.concat([iv, tag, body]);
}

/** Unwraps a stored data key with the master key it names (current or retired). */
export function unwrapDataKey(ring: MasterKeyring, tenantId: string, row: KeyRow): Buffer {
  const master = ring.byId.get(row.master_key_id);
  if (!master)
    throw new SealError(`data key ${row.id} is wrapped under master key ${row.master_key_id}, which is not configured`);
  const w = row.wrapped_key;
  return gcmOpen(master.key, w.subarray(0, 12), w.subarray(12, 28), w.subarray(28), wrapAad(tenantId, row.id));
}

async function keyFor(db: Knex, tenantId: string, row: KeyRow): Promise<Buffer> {
  const cacheKey = `${tenantId}:${row.id}:${row.master_key_id}`;
  let key = unwrapped.get(cacheKey);
  if (!key) {
    key = unwrapDataKey(await masterKeyring(), tenantId, row);
    unwrapped.set(cacheKey, key);
  }
  return key;
}

const selectKey = 'SELECT id, master_key_id, wrapped_key FROM tenant_data_keys WHERE tenant_id = ?';

/** Creates a new active data key for the tenant, retiring the previous one (which still opens its blobs). */
export async function rotateDataKey(db: Knex, tenantId: string): Promise<string> {
  activeKeys.delete(tenantId);
  await db.raw('UPDATE tenant_data_keys SET retired_at = now() WHERE tenant_id = ? AND retired_at IS NULL', [tenantId]);
  return insertDataKey(db, tenantId);
}

async function insertDataKey(db: Knex, tenantId: string): Promise<string> {
  const ring = await masterKeyring();
  const id = uuidv7();
  const wrapped = wrapDataKey(ring.current, tenantId, id, randomBytes(32));
  // A concurrent first seal may win the race for the one active key; both then use the winner's.
  await db.raw(
    `INSERT INTO tenant_data_keys (tenant_id, id, master_key_id, wrapped_key) VALUES (?, ?, ?, ?)
     ON CONFLICT (tenant_id) WHERE retired_at IS NULL DO NOTHING`,
    [tenantId, id, ring.current.id, wrapped],
  );
  return id;
}

/**
 * The active data key row per tenant, kept for a short while: every send and cached body seals, and the row changes
 * only on rotation. A rotation in this process drops it at once; one in another process is seen within the TTL
 * (blobs sealed meanwhile name the retired key, which still opens them).
 */
const ACTIVE_KEY_TTL_MS = 30_000;
const activeKeys = new Map<string, { row: KeyRow; until: number }>();

async function activeKey(db: Knex, tenantId: string): Promise<KeyRow> {
  const cached = activeKeys.get(tenantId);
  if (cached && cached.until > Date.now()) return cached.row;
  const find = async () =>
    (await db.raw(`${selectKey} AND retired_at IS NULL`, [tenantId])).rows[0] as KeyRow | undefined;
  let row = await find();
  if (!row) {
    await insertDataKey(db, tenantId);
    row = await find();
  }
  if (!row) throw new SealError('no data key visible: is the connection scoped to the tenant?');
  activeKeys.set(tenantId, { row, until: Date.now() + ACTIVE_KEY_TTL_MS });
  return row;
}

/** Seals `plaintext` under the tenant's active data key (made on first use). */
export async function seal(db: Knex, tenantId: string, plaintext: Buffer | string): Promise<Buffer> {
  const row = await activeKey(db, tenantId);
  const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  const { iv, tag, body } = gcmSeal(await keyFor(db, tenantId, row), data, blobAad(tenantId, row.id));
  return Buffer.concat([Buffer.from([VERSION]), uuidBytes(row.id), iv, tag, body]);
}

/** Opens a blob sealed by `seal` for this tenant; throws `SealError` when it was altered or is another tenant's. */
export async function open(db: Knex, tenantId: string, blob: Buffer): Promise<Buffer> {
  if (blob.length < HEADER || blob[0] !== VERSION) throw new SealError('not a sealed blob');
  const keyId = uuidText(blob.subarray(1, 17));
  const row = (await db.raw(`${selectKey} AND id = ?`, [tenantId, keyId])).rows[0] as KeyRow | undefined;
  if (!row) throw new SealError('sealed data names a data key this tenant does not have');
  return gcmOpen(
    await keyFor(db, tenantId, row),
    blob.subarray(17, 29),
    blob.subarray(29, 45),
    blob.subarray(HEADER),
    blobAad(tenantId, keyId),
  );
}

/** `open` as UTF-8 text. */
export async function openText(db: Knex, tenantId: string, blob: Buffer): Promise<string> {
  return (await open(db, tenantId, blob)).toString('utf8');
}

/**
 * Rewraps every data key of the tenant still wrapped under a retired master key with the current one
 * (after a master key rotation); answers how many it rewrapped.
 */
export async function rewrapDataKeys(db: Knex, tenantId: string): Promise<number> {
  activeKeys.delete(tenantId);
  const ring = await masterKeyring();
  const rows = (await db.raw(`${selectKey} AND master_key_id <> ?`, [tenantId, ring.current.id])).rows as KeyRow[];
  for (const row of rows) {
    const wrapped = wrapDataKey(ring.current, tenantId, row.id, unwrapDataKey(ring, tenantId, row));
    await db.raw('UPDATE tenant_data_keys SET master_key_id = ?, wrapped_key = ? WHERE tenant_id = ? AND id = ?', [
      ring.current.id,
      wrapped,
      tenantId,
      row.id,
    ]);
  }
  return rows.length;
}
