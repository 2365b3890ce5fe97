import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EmulatorState } from './gate';
import type { PersistedOAuth } from './oauth';
import type { Held } from './subscriptions';
import type { FolderChange, Mailbox, StoredEvent, StoredFolder, StoredMessage } from './types';

/**
 * The emulator's state on disk (`stateFile`): mailboxes with their folders, messages, events and change numbers,
 * the id counter, issued tokens and subscriptions. A restarted emulator answers the same immutable ids, delta links,
 * tokens and subscriptions as before, so the database that synced from it stays consistent. `epoch` names one
 * continuous history: a new one means the state was lost and what was synced from it must be synced again.
 */
type PersistedState = {
  v: 1;
  epoch: string;
  counter: number;
  mailboxes: (Omit<Mailbox, 'folders' | 'messages' | 'events'> & {
    folders: (Omit<StoredFolder, 'changes'> & { changes: [string, FolderChange][] })[];
    messages: StoredMessage[];
    /** Absent in files written before the emulator had calendars. */
    events?: StoredEvent[];
  })[];
  oauth: PersistedOAuth;
  subscriptions: Held[];
};

/** Loads a state file into a fresh emulator state; answers the epoch (a new one when there was no file). */
export async function loadEmulatorState(
  state: EmulatorState,
  file: string,
): Promise<{ epoch: string; restored: boolean }> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { epoch: randomUUID(), restored: false };
    throw error;
  }
  const saved = JSON.parse(raw) as PersistedState;
  if (saved.v !== 1) throw new Error(`${file}: unknown Graph emulator state version ${String(saved.v)}`);
  state.store.restoreCounter(saved.counter);
  for (const m of saved.mailboxes) {
    const folders = new Map(m.folders.map((f) => [f.id, { ...f, changes: new Map(f.changes) }]));
    const messages = new Map(m.messages.map((message) => [message.id, message]));
    state.store.mailboxes.set(m.address, {
      userId: m.userId,
      address: m.address,
      displayName: m.displayName,
      rootFolderId: m.rootFolderId,
      seq: m.seq,
      folders,
      messages,
      events: new Map((m.events ?? []).map((event) => [event.id, event])),
    });
  }
  state.oauth.importState(saved.oauth);
  state.subscriptions.importState(saved.subscriptions);
  return { epoch: saved.epoch, restored: true };
}

/** Writes the state atomically (temporary file, then rename), so a crash never leaves half a file. */
export async function saveEmulatorState(state: EmulatorState, file: string, epoch: string): Promise<void> {
  const snapshot: PersistedState = {
    v: 1,
    epoch,
    counter: state.store.idCounter,
    mailboxes: [...state.store.mailboxes.values()].map((m) => ({
      userId: m.userId,
      address: m.address,
      displayName: m.displayName,
      rootFolderId: m.rootFolderId,
      seq: m.seq,
      folders: [...m.folders.values()].map((f) => ({ ...f, changes: [...f.changes] })),
      messages: [...m.messages.values()],
      events: [...m.events.values()],
    })),
    oauth: state.oauth.exportState(),
    subscriptions: state.subscriptions.exportState(),
  };
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(snapshot), { mode: 0o600 });
  await rename(tmp, file);
}

/** A number that moves whenever anything persisted changes. */
export function stateRevision(state: EmulatorState): number {
  return state.store.revision + state.oauth.revision + state.subscriptions.revision;
}
