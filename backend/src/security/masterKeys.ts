import { createHash, randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig, type Config } from '#config';
import { readOrCreateSecret } from '#db/secrets';

/** One master key: its id is a fingerprint of the key, so a stored data key names the master key that wraps it. */
export type MasterKey = { id: string; key: Buffer };

/** The master keys of the process: `current` wraps new data keys; every key (current and retired) unwraps. */
export type MasterKeyring = { current: MasterKey; byId: Map<string, MasterKey> };

/** The fingerprint id of a 32-byte key (`mk_` + 16 hex digits of its SHA-256). */
export function masterKeyId(key: Buffer): string {
  return `mk_${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

function toMasterKey(base64: string): MasterKey {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error('a master key must be 32 bytes (base64)');
  return { id: masterKeyId(key), key };
}

/** A new random master key, base64 (what `PIVOTAL_MASTER_KEY` holds). */
export function newMasterKey(): string {
  return randomBytes(32).toString('base64');
}

/**
 * Builds the keyring from the configuration. Without `PIVOTAL_MASTER_KEY` (refused in production by
 * `loadConfig`) a key is generated once and kept in `<dataDir>/master-key`, like the dev database passwords.
 */
export async function loadMasterKeyring(config: Pick<Config, 'masterKeys' | 'dataDir'>): Promise<MasterKeyring> {
  let current = config.masterKeys.current;
  if (!current) {
    await mkdir(config.dataDir, { recursive: true });
    current = await readOrCreateSecret(join(config.dataDir, 'master-key'), newMasterKey);
  }
  const keys = [toMasterKey(current), ...config.masterKeys.retired.map(toMasterKey)];
  return { current: keys[0]!, byId: new Map(keys.map((k) => [k.id, k])) };
}

let processKeyring: Promise<MasterKeyring> | null = null;

/** Sets the process's keyring (start-up and tests); sealing falls back to `loadConfig()` when never called. */
export function configureMasterKeys(config: Pick<Config, 'masterKeys' | 'dataDir'>): Promise<MasterKeyring> {
  processKeyring = loadMasterKeyring(config);
  return processKeyring;
}

/** The process's keyring. */
export function masterKeyring(): Promise<MasterKeyring> {
  processKeyring ??= loadMasterKeyring(loadConfig());
  return processKeyring;
}
