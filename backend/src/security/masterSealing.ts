import { gcmOpen, gcmSeal, SealError } from './sealing';
import { masterKeyring } from './masterKeys';

/**
 * Sealing of the server's own secrets, which belong to no tenant (the token-signing private keys): AES-256-GCM
 * directly under the current master key. Blob: version (1) | master key fingerprint (8) | iv (12) | auth tag (16)
 * | ciphertext. The caller's label (e.g. `signing-key:<kid>`) and the fingerprint are the additional data, so a blob
 * copied to another row, or re-labelled with another master key, fails authentication instead of opening.
 */

const VERSION = 1;
const HEADER = 1 + 8 + 12 + 16;

const aad = (label: string, masterId: string) => Buffer.from(`pivotal-master-blob:v${VERSION}:${label}:${masterId}`);
const idBytes = (masterId: string) => Buffer.from(masterId.replace(/^mk_/, ''), 'hex');

/** The id (`mk_...`) of the master key a blob was sealed under. */
export function masterKeyIdOf(blob: Buffer): string {
  if (blob.length < HEADER || blob[0] !== VERSION) throw new SealError('not a master-sealed blob');
  return `mk_${blob.subarray(1, 9).toString('hex')}`;
}

/** Seals `plaintext` for `label` under the current master key. */
export async function sealWithMaster(label: string, plaintext: Buffer | string): Promise<Buffer> {
  const { current } = await masterKeyring();
  const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  const { iv, tag, body } = gcmSeal(current.key, data, aad(label, current.id));
  return Buffer.concat([Buffer.from([VERSION]), idBytes(current.id), iv, tag, body]);
}

/** Opens a blob sealed by `sealWithMaster` for the same label, with the master key it names (current or retired). */
export async function openWithMaster(label: string, blob: Buffer): Promise<Buffer> {
  const masterId = masterKeyIdOf(blob);
  const master = (await masterKeyring()).byId.get(masterId);
  if (!master)
    throw new SealError(
      `sealed under master key ${masterId}, which is not configured (PIVOTAL_MASTER_KEY / PIVOTAL_MASTER_KEYS_RETIRED)`,
    );
  return gcmOpen(master.key, blob.subarray(9, 21), blob.subarray(21, 37), blob.subarray(HEADER), aad(label, masterId));
}
