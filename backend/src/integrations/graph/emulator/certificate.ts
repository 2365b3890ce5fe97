import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/** A certificate for the emulator: PEM key and certificate, and the certificate's file (for NODE_EXTRA_CA_CERTS). */
export type EmulatorCertificate = { key: string; cert: string; certFile: string | null };

/** Generates a self-signed certificate for localhost/127.0.0.1 (CA flag set, so it can be trusted as its own root). */
export async function selfSignedCertificate(days = 30): Promise<{ key: string; cert: string }> {
  const notAfterDate = new Date(Date.now() + days * 86_400_000);
  const pems = await generate([{ name: 'commonName', value: 'Pivotal Graph emulator' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/**
 * The emulator certificate kept in `dir` (`ca.pem`, `ca-key.pem`): made once (valid two years) and reused, so a
 * process started with `NODE_EXTRA_CA_CERTS=<dir>/ca.pem` keeps trusting the emulator across restarts. A
 * certificate within a week of expiry is replaced.
 */
export async function ensureEmulatorCertificate(dir: string): Promise<EmulatorCertificate> {
  const certFile = join(dir, 'ca.pem');
  const keyFile = join(dir, 'ca-key.pem');
  try {
    const [cert, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
    if (Date.parse(new X509Certificate(cert).validTo) > Date.now() + 7 * 86_400_000) return { key, cert, certFile };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const made = await selfSignedCertificate(730);
  await mkdir(dir, { recursive: true });
  await writeFile(keyFile, made.key, { mode: 0o600 });
  await writeFile(certFile, made.cert, { mode: 0o644 });
  return { ...made, certFile };
}
