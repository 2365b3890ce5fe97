import { hkdfSync, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { masterKeyring } from '#security/masterKeys';
import { open, seal } from '#security/sealing';
import { readTokenPayload, signToken, verifyToken } from '#security/signedToken';

/**
 * The OAuth `state` of a mailbox connection: a signed, expiring capability naming the tenant and user who
 * started it, the PKCE verifier (sealed under the tenant's data key, so the browser never sees it) and where
 * to land afterwards. HMAC-SHA256 with a key derived from the master key; nothing is stored server-side.
 */
export type ConnectState = {
  tenantId: string;
  userId: string;
  calendar: boolean;
  returnTo: string | null;
  verifier: string;
  expiresAt: Date;
};

/** How long a consent may take before its state is refused. */
export const STATE_TTL_MS = 10 * 60_000;

type Payload = { v: 1; t: string; u: string; c: boolean; r: string | null; pv: string; exp: number; n: string };

/** Why a state was refused (shown on the callback page, logged). */
export class StateError extends Error {
  constructor(readonly reason: 'malformed' | 'tampered' | 'expired') {
    super(`OAuth state ${reason}`);
    this.name = 'StateError';
  }
}

async function stateKey(): Promise<Buffer> {
  const ring = await masterKeyring();
  return Buffer.from(hkdfSync('sha256', ring.current.key, Buffer.alloc(0), 'pivotal oauth state v1', 32));
}

/** Signs a state for the user (seals the verifier in `db`, a tenant-scoped connection). */
export async function signState(
  db: Knex,
  s: Omit<ConnectState, 'expiresAt'>,
  now: Date,
): Promise<{ state: string; expiresAt: Date }> {
  const expiresAt = new Date(now.getTime() + STATE_TTL_MS);
  const sealed = await seal(db, s.tenantId, s.verifier);
  const payload: Payload = {
    v: 1,
    t: s.tenantId,
    u: s.userId,
    c: s.calendar,
    r: s.returnTo,
    pv: sealed.toString('base64url'),
    exp: expiresAt.getTime(),
    n: randomBytes(9).toString('base64url'),
  };
  return { state: signToken(await stateKey(), payload), expiresAt };
}

/** Checks the signature and expiry and names the tenant and user; the verifier is opened by `openVerifier`. */
export async function verifyState(
  state: string,
  now: Date,
): Promise<Omit<ConnectState, 'verifier'> & { sealedVerifier: Buffer }> {
  const [body, sig, extra] = state.split('.');
  if (!body || !sig || extra !== undefined) throw new StateError('malformed');
  if (!verifyToken(await stateKey(), state)) throw new StateError('tampered');
  const p = readTokenPayload(state) as Payload | undefined;
  if (p === undefined || p === null || typeof p !== 'object') throw new StateError('malformed');
  if (p.v !== 1 || typeof p.t !== 'string' || typeof p.u !== 'string') throw new StateError('malformed');
  if (p.exp <= now.getTime()) throw new StateError('expired');
  return {
    tenantId: p.t,
    userId: p.u,
    calendar: p.c,
    returnTo: p.r,
    expiresAt: new Date(p.exp),
    sealedVerifier: Buffer.from(p.pv, 'base64url'),
  };
}

/** Opens the PKCE verifier of a verified state, in a connection scoped to its tenant. */
export async function openVerifier(db: Knex, tenantId: string, sealedVerifier: Buffer): Promise<string> {
  return (await open(db, tenantId, sealedVerifier)).toString('utf8');
}
