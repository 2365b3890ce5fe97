import type { FolderChange, Mailbox, StoredFolder, StoredMessage, WellKnownFolder } from './types';

const WELL_KNOWN: [WellKnownFolder, string][] = [
  ['inbox', 'Inbox'],
  ['sentitems', 'Sent Items'],
  ['archive', 'Archive'],
  ['drafts', 'Drafts'],
  ['deleteditems', 'Deleted Items'],
];

/** The emulator's in-memory state: mailboxes, folders, messages, their change numbers and the sent log. */
export class GraphStore {
  readonly mailboxes = new Map<string, Mailbox>();
  private counter = 0;
  /** Bumped on every change to the store (persistence saves when it moved). */
  revision = 0;
  now: () => Date = () => new Date();
  /** Called on every message change in a folder (subscriptions listen here). */
  onMessageChange: MessageChangeListener | null = null;

  /** A fresh opaque Graph-looking id; deterministic per store so seeded runs repeat. */
  newId(kind: string): string {
    this.counter += 1;
    const raw = Buffer.from(`pivotal.${kind}.${this.counter.toString(36).padStart(8, '0')}`);
    return `AAMk${raw.toString('base64url')}`;
  }

  /** Creates (or returns) the mailbox for an address, with the well-known folders. */
  ensureMailbox(address: string, displayName?: string): Mailbox {
    const existing = this.resolve(address);
    if (existing) return existing;
    const rootFolderId = this.newId('root');
    const mailbox: Mailbox = {
      userId: crypto.randomUUID(),
      address: address.toLowerCase(),
      displayName: displayName ?? address.split('@')[0] ?? address,
      rootFolderId,
      folders: new Map(),
      messages: new Map(),
      events: new Map(),
      seq: 0,
    };
    this.mailboxes.set(mailbox.address, mailbox);
    for (const [wellKnownName, name] of WELL_KNOWN) this.createFolder(mailbox, name, rootFolderId, wellKnownName);
    return mailbox;
  }

  /** Finds a mailbox by address/UPN (case-insensitive) or by its user id. */
  resolve(idOrAddress: string): Mailbox | undefined {
    const key = decodeURIComponent(idOrAddress).toLowerCase();
    const byAddress = this.mailboxes.get(key);
    if (byAddress) return byAddress;
    for (const mailbox of this.mailboxes.values()) if (mailbox.userId === key) return mailbox;
    return undefined;
  }

  /** Finds a live folder by id or well-known name. */
  folder(mailbox: Mailbox, idOrName: string): StoredFolder | undefined {
    const direct = mailbox.folders.get(idOrName);
    if (direct && !direct.removed) return direct;
    const lower = idOrName.toLowerCase();
    for (const folder of mailbox.folders.values()) if (!folder.removed && folder.wellKnownName === lower) return folder;
    return undefined;
  }

  /** Like `folder`, but throws when missing (callers map the error to 404). */
  requireFolder(mailbox: Mailbox, idOrName: string): StoredFolder {
    const found = this.folder(mailbox, idOrName);
    if (!found) throw new NotFound('ErrorItemNotFound', `Folder ${idOrName} not found.`);
    return found;
  }

  /** For the control API only: a folder by id, well-known name or display name (Graph itself takes no names). */
  namedFolder(mailbox: Mailbox, name: string): StoredFolder {
    const found =
      this.folder(mailbox, name) ??
      [...mailbox.folders.values()].find((f) => !f.removed && f.displayName.toLowerCase() === name.toLowerCase());
    if (!found) throw new NotFound('ErrorItemNotFound', `Folder ${name} not found.`);
    return found;
  }

  /** Adds a (custom or well-known) folder and records it as a folder change. */
  createFolder(
    mailbox: Mailbox,
    displayName: string,
    parentFolderId?: string,
    wellKnownName?: WellKnownFolder,
  ): StoredFolder {
    const folder: StoredFolder = {
      id: this.newId('folder'),
      displayName,
      wellKnownName: wellKnownName ?? null,
      parentFolderId: parentFolderId ?? mailbox.rootFolderId,
      changeSeq: this.bump(mailbox),
      removed: false,
      changes: new Map(),
    };
    mailbox.folders.set(folder.id, folder);
    return folder;
  }

  /** Finds a message by its immutable id (or a folder-bound REST id), throwing a Graph 404 when missing. */
  requireMessage(mailbox: Mailbox, id: string): StoredMessage {
    const message = mailbox.messages.get(id) ?? mailbox.messages.get(fromRestId(mailbox, id) ?? '');
    if (!message) throw new NotFound('ErrorItemNotFound', 'The specified object was not found in the store.');
    return message;
  }

  /** Inserts a message into a folder and records its addition. */
  insert(mailbox: Mailbox, message: StoredMessage): StoredMessage {
    mailbox.messages.set(message.id, message);
    this.recordAdd(mailbox, message);
    return message;
  }

  /** Records an in-place change (read state, flag, draft edit) so the next delta returns the message. */
  touch(mailbox: Mailbox, message: StoredMessage): void {
    const folder = mailbox.folders.get(message.folderId);
    const change = folder?.changes.get(message.id);
    const seq = this.bump(mailbox);
    message.lastModifiedDateTime = this.now().toISOString();
    message.changeKey = Buffer.from(`ck${seq}`).toString('base64url');
    if (folder && change) folder.changes.set(message.id, { ...change, seq });
    this.onMessageChange?.(mailbox, message.id, message.folderId, 'updated');
  }

  /** Moves a message, keeping its immutable id: removed from the old folder, added to the new. */
  move(mailbox: Mailbox, message: StoredMessage, destination: StoredFolder): StoredMessage {
    if (destination.id === message.folderId) return message;
    this.recordRemove(mailbox, message);
    message.folderId = destination.id;
    message.parentFolderId = destination.id;
    message.lastModifiedDateTime = this.now().toISOString();
    this.recordAdd(mailbox, message);
    return message;
  }

  /** Hard-deletes a message; its folder's next delta reports it as `@removed`. */
  delete(mailbox: Mailbox, message: StoredMessage): void {
    this.recordRemove(mailbox, message);
    mailbox.messages.delete(message.id);
  }

  private recordAdd(mailbox: Mailbox, message: StoredMessage): void {
    const folder = mailbox.folders.get(message.folderId);
    if (!folder) throw new NotFound('ErrorItemNotFound', `Folder ${message.folderId} not found.`);
    const seq = this.bump(mailbox);
    message.changeKey = Buffer.from(`ck${seq}`).toString('base64url');
    folder.changes.set(message.id, { seq, addedSeq: seq, removed: false } satisfies FolderChange);
    this.onMessageChange?.(mailbox, message.id, message.folderId, 'created');
  }

  private recordRemove(mailbox: Mailbox, message: StoredMessage): void {
    const folder = mailbox.folders.get(message.folderId);
    const change = folder?.changes.get(message.id);
    if (folder && change) folder.changes.set(message.id, { ...change, seq: this.bump(mailbox), removed: true });
    this.onMessageChange?.(mailbox, message.id, message.folderId, 'deleted');
  }

  /** The id counter, for persistence (ids stay unique and deterministic across a restore). */
  get idCounter(): number {
    return this.counter;
  }

  /** Restores the id counter of a persisted store. */
  restoreCounter(counter: number): void {
    this.counter = Math.max(this.counter, counter);
  }

  private bump(mailbox: Mailbox): number {
    this.revision += 1;
    mailbox.seq += 1;
    return mailbox.seq;
  }
}

/** A listener for message changes: created, updated (in place) or deleted (removed from a folder). */
export type MessageChangeListener = (
  mailbox: Mailbox,
  messageId: string,
  folderId: string,
  changeType: 'created' | 'updated' | 'deleted',
) => void;

/** A Graph-shaped 404 raised by store look-ups. */
export class NotFound extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The mutable (non-immutable) id Graph hands out without `Prefer: IdType="ImmutableId"`; it changes on move. */
export function toRestId(id: string, folderId: string): string {
  return `AQMk${Buffer.from(`${id}|${folderId}`).toString('base64url')}`;
}

function fromRestId(mailbox: Mailbox, id: string): string | undefined {
  if (!id.startsWith('AQMk')) return undefined;
  const [immutable, folderId] = Buffer.from(id.slice(4), 'base64url').toString('utf8').split('|');
  // A REST id names the folder too, so it stops resolving once the message moves (as in Graph).
  return immutable && mailbox.messages.get(immutable)?.folderId === folderId ? immutable : undefined;
}
