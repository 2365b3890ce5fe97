import { type DeltaState, type ReceivedFilter, passesFilter } from './deltaToken';
import type { Mailbox, StoredFolder, StoredMessage } from './types';

/** Graph stops an initial messages delta with a receivedDateTime filter after this many messages. */
export const FILTERED_DELTA_CAP = 5_000;

/** One entry of a delta page: a current message, or the id of one that left the folder. */
export type DeltaItem = { kind: 'message'; message: StoredMessage } | { kind: 'removed'; id: string };

/** A computed page and the state for the next page, or null when the round is complete. */
export type DeltaPage = { items: DeltaItem[]; next: DeltaState | null; snapshot: number };

type Candidate = { key: string | number; item: DeltaItem };

/**
 * Computes one page of a folder's messages delta. The initial round (c = 0) lists the messages present at the
 * round's snapshot, newest first, capped at 5,000 when filtered; later rounds list the latest change of every
 * message changed in (c, snapshot], in change order, with `@removed` for messages that left the folder.
 */
export function deltaPage(
  mailbox: Mailbox,
  folder: StoredFolder,
  state: DeltaState,
  filter: ReceivedFilter | null,
  pageSize: number,
  replay: number,
): DeltaPage {
  const snapshot = state.s ?? mailbox.seq;
  const initial = state.c === 0;
  const listed = initial
    ? initialCandidates(mailbox, folder, snapshot, filter)
    : { candidates: changedCandidates(mailbox, folder, state, snapshot, filter), positions: null };
  let candidates = listed.candidates;
  if (state.after !== null) {
    const at = listed.positions?.get(state.after) ?? candidates.findIndex((candidate) => candidate.key === state.after);
    candidates =
      at >= 0 ? candidates.slice(at + 1) : candidates.filter((candidate) => isAfter(candidate.key, state.after));
  }
  let limit = pageSize;
  if (initial && filter) limit = Math.min(limit, Math.max(0, FILTERED_DELTA_CAP - state.n));
  const taken = candidates.slice(0, limit);
  const items = taken.map((candidate) => candidate.item);
  // Graph occasionally hands back items the client already has; a fault switch asks for that here.
  if (!initial && state.after === null && replay > 0)
    items.unshift(...replayed(mailbox, folder, state.c, replay, filter));
  const emitted = state.n + taken.length;
  const capped = initial && filter !== null && emitted >= FILTERED_DELTA_CAP;
  const done = capped || candidates.length <= taken.length;
  const last = taken[taken.length - 1];
  const next: DeltaState | null = done
    ? null
    : { ...state, s: snapshot, after: last ? last.key : state.after, n: emitted };
  return { items, next, snapshot };
}

/** An initial round's sorted candidates and each key's position; kept while the mailbox is unchanged. */
type InitialList = { candidates: Candidate[]; positions: Map<string | number, number> };
const initialLists = new WeakMap<StoredFolder, { key: string; list: InitialList }>();

/**
 * The messages present at the snapshot, newest first. Every page of a round asks for the same list, so it is
 * built once per folder, snapshot, filter and mailbox change number (any change to the mailbox bumps the
 * latter), instead of once per page: paging a 100,000-message folder stays linear.
 */
function initialCandidates(
  mailbox: Mailbox,
  folder: StoredFolder,
  snapshot: number,
  filter: ReceivedFilter | null,
): InitialList {
  const key = `${snapshot}|${mailbox.seq}|${filter ? `${filter.op}${filter.at}` : ''}`;
  const cached = initialLists.get(folder);
  if (cached?.key === key) return cached.list;
  const candidates = buildInitialCandidates(mailbox, folder, snapshot, filter);
  const list = { candidates, positions: new Map(candidates.map((candidate, i) => [candidate.key, i])) };
  initialLists.set(folder, { key, list });
  return list;
}

function buildInitialCandidates(
  mailbox: Mailbox,
  folder: StoredFolder,
  snapshot: number,
  filter: ReceivedFilter | null,
): Candidate[] {
  const out: { message: StoredMessage; key: string }[] = [];
  for (const [id, change] of folder.changes) {
    if (change.removed || change.seq > snapshot) continue;
    const message = mailbox.messages.get(id);
    if (!message || !passesFilter(filter, message.receivedDateTime)) continue;
    out.push({ message, key: `${message.receivedDateTime}|${message.id}` });
  }
  out.sort((a, b) =>
    a.message.receivedDateTime === b.message.receivedDateTime
      ? cmp(a.message.id, b.message.id)
      : cmp(b.message.receivedDateTime, a.message.receivedDateTime),
  );
  return out.map(({ message, key }) => ({ key, item: { kind: 'message', message } }));
}

function changedCandidates(
  mailbox: Mailbox,
  folder: StoredFolder,
  state: DeltaState,
  snapshot: number,
  filter: ReceivedFilter | null,
): Candidate[] {
  const out: Candidate[] = [];
  for (const [id, change] of folder.changes) {
    if (change.seq <= state.c || change.seq > snapshot) continue;
    if (change.removed) {
      // Added and gone again within the window: the client never saw it, so there is nothing to remove.
      if (change.addedSeq > state.c) continue;
      if (state.ct === null || state.ct === 'deleted') out.push({ key: change.seq, item: { kind: 'removed', id } });
      continue;
    }
    const message = mailbox.messages.get(id);
    if (!message || !passesFilter(filter, message.receivedDateTime)) continue;
    const kind = change.addedSeq > state.c ? 'created' : 'updated';
    if (state.ct === null || state.ct === kind) out.push({ key: change.seq, item: { kind: 'message', message } });
  }
  return out.sort((a, b) => Number(a.key) - Number(b.key));
}

function replayed(
  mailbox: Mailbox,
  folder: StoredFolder,
  cursor: number,
  count: number,
  filter: ReceivedFilter | null,
): DeltaItem[] {
  const items: DeltaItem[] = [];
  for (const [id, change] of folder.changes) {
    if (items.length >= count) break;
    const message = mailbox.messages.get(id);
    if (!change.removed && change.seq <= cursor && message && passesFilter(filter, message.receivedDateTime))
      items.push({ kind: 'message', message });
  }
  return items;
}

function isAfter(key: string | number, after: string | number | null): boolean {
  if (after === null) return true;
  if (typeof key === 'number' && typeof after === 'number') return key > after;
  // Initial-round keys sort newest first, so "after" means an older (smaller) key.
  return cmp(String(after), String(key)) > 0;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
