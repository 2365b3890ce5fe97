import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';

/** A random password safe in URLs (base64url, 192 bits). */
export function randomPassword(): string {
  return randomBytes(24).toString('base64url');
}

/** Reads a secret from `path`, or generates one (`generate`) and stores it there (mode 600) the first time. */
export async function readOrCreateSecret(path: string, generate: () => string = randomPassword): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = generate();
  try {
    await writeFile(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return (await readFile(path, 'utf8')).trim();
    throw error;
  }
  await chmod(path, 0o600);
  return secret;
}
