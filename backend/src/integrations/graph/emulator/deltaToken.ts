/** Change kinds a messages delta can be limited to with `changeType=`. */
export type ChangeType = 'created' | 'updated' | 'deleted';

/** The state carried by an opaque delta token (`$skiptoken` within a round, `$deltatoken` between rounds). */
export type DeltaState = {
  v: 1;
  /** Mailbox user id and folder id the token belongs to. */
  m: string;
  f: string;
  /** Changes after this change number are reported; 0 means the initial round. */
  c: number;
  /** Upper change number of the current round; null in a deltaLink (the next call takes a new snapshot). */
  s: number | null;
  /** Keyset position within the round and the number of items emitted so far. */
  after: string | number | null;
  n: number;
  sel: string[] | null;
  flt: string | null;
  ct: ChangeType | null;
};

/** Encodes a delta state as an opaque base64url token. */
export function encodeDeltaToken(state: DeltaState): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

/** Decodes a token, or returns null when it is not one of ours (callers answer 410 syncStateNotFound). */
export function decodeDeltaToken(token: string): DeltaState | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return null;
    const state = parsed as Partial<DeltaState>;
    if (state.v !== 1 || typeof state.m !== 'string' || typeof state.f !== 'string' || typeof state.c !== 'number')
      return null;
    return parsed as DeltaState;
  } catch {
    return null;
  }
}

/** A parsed `$filter=receivedDateTime ge|gt <instant>`, the only filter Graph allows on messages delta. */
export type ReceivedFilter = { op: 'ge' | 'gt'; at: number };

/** Parses the delta `$filter`; returns 'invalid' for anything Graph would reject. */
export function parseReceivedFilter(raw: string | null): ReceivedFilter | null | 'invalid' {
  if (raw === null || raw.trim() === '') return null;
  const match = /^\s*receivedDateTime\s+(ge|gt)\s+'?([0-9T:.\-+Z]+)'?\s*$/i.exec(raw);
  const at = match?.[2] ? Date.parse(match[2]) : Number.NaN;
  if (!match || Number.isNaN(at)) return 'invalid';
  return { op: match[1]?.toLowerCase() === 'gt' ? 'gt' : 'ge', at };
}

/** Whether a received time passes the filter. */
export function passesFilter(filter: ReceivedFilter | null, receivedDateTime: string): boolean {
  if (!filter) return true;
  const at = Date.parse(receivedDateTime);
  return filter.op === 'ge' ? at >= filter.at : at > filter.at;
}
