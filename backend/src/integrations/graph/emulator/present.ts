import { toRestId } from './store';
import type { Mailbox, StoredFolder, StoredMessage } from './types';

/** How a response should shape ids and properties. */
export type PresentOptions = { immutableIds: boolean; select: string[] | null };

const INTERNAL = new Set(['folderId', 'attachments']);

/** Turns a stored message into its Graph JSON, honouring `$select` and the id type preference. */
export function presentMessage(message: StoredMessage, options: PresentOptions): Record<string, unknown> {
  const id = options.immutableIds ? message.id : toRestId(message.id, message.folderId);
  const full: Record<string, unknown> = { '@odata.etag': `W/"${message.changeKey}"` };
  for (const [key, value] of Object.entries(message)) if (!INTERNAL.has(key)) full[key] = value;
  full.id = id;
  if (!options.select) return full;
  const picked: Record<string, unknown> = { '@odata.etag': full['@odata.etag'], id };
  for (const key of options.select) if (key in full && !INTERNAL.has(key)) picked[key] = full[key];
  return picked;
}

/** Turns a stored folder into its Graph JSON with live counts. */
export function presentFolder(mailbox: Mailbox, folder: StoredFolder): Record<string, unknown> {
  let total = 0;
  let unread = 0;
  for (const message of mailbox.messages.values()) {
    if (message.folderId !== folder.id) continue;
    total += 1;
    if (!message.isRead) unread += 1;
  }
  let children = 0;
  for (const other of mailbox.folders.values()) if (!other.removed && other.parentFolderId === folder.id) children += 1;
  return {
    id: folder.id,
    displayName: folder.displayName,
    parentFolderId: folder.parentFolderId,
    childFolderCount: children,
    unreadItemCount: unread,
    totalItemCount: total,
    isHidden: false,
  };
}

/** Parses a `$select` list (comma separated) or returns null when absent. */
export function parseSelect(raw: unknown): string[] | null {
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

/** Reads `Prefer` preferences: the id type and `odata.maxpagesize`. */
export function parsePrefer(header: string | undefined): { immutableIds: boolean; maxPageSize: number | null } {
  const value = header ?? '';
  const immutableIds = /IdType\s*=\s*"?ImmutableId"?/i.test(value);
  const match = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(value);
  return { immutableIds, maxPageSize: match?.[1] ? Number(match[1]) : null };
}
