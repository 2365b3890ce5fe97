import type Router from '@koa/router';
import type { Context } from 'koa';
import { deltaPage } from './delta';
import {
  type ChangeType,
  type DeltaState,
  decodeDeltaToken,
  encodeDeltaToken,
  parseReceivedFilter,
} from './deltaToken';
import { BadRequest, type EmulatorState, graphError, mailboxOf, originOf, preferOf } from './gate';
import { parseSelect, presentFolder, presentMessage } from './present';
import { toRestId } from './store';
import type { Mailbox, StoredFolder, StoredMessage } from './types';

const BASE = '/v1.0/users/:user';
const DEFAULT_DELTA_PAGE = 10;
const MAX_PAGE = 1_000;

/** Folder routes: list, get, create, children, folder delta, message list and per-folder messages delta. */
export function mountFolderRoutes(router: Router, state: EmulatorState): void {
  const { store } = state;
  const userUrl = (ctx: Context): string =>
    `${originOf(ctx)}/v1.0/users/${encodeURIComponent(String(ctx.params.user))}`;

  router.get(`${BASE}/mailFolders/delta`, (ctx) => {
    const mailbox = mailboxOf(ctx);
    if (consumeSyncStateFault(state, ctx, mailbox)) return;
    const raw = typeof ctx.query.$deltatoken === 'string' ? ctx.query.$deltatoken : null;
    const cursor =
      raw === null
        ? 0
        : Number(
            Buffer.from(raw, 'base64url')
              .toString('utf8')
              .replace(/^folders:/, ''),
          );
    if (Number.isNaN(cursor)) return graphError(ctx, 410, 'syncStateNotFound', 'The sync state is not valid.');
    const value = [...mailbox.folders.values()]
      .filter((folder) => folder.changeSeq > cursor && !(cursor === 0 && folder.removed))
      .map((folder) =>
        folder.removed ? { id: folder.id, '@removed': { reason: 'deleted' } } : presentFolder(mailbox, folder),
      );
    const token = Buffer.from(`folders:${mailbox.seq}`).toString('base64url');
    ctx.body = {
      '@odata.context': `${originOf(ctx)}/v1.0/$metadata#Collection(mailFolder)`,
      value,
      '@odata.deltaLink': `${userUrl(ctx)}/mailFolders/delta?$deltatoken=${token}`,
    };
  });

  router.get(`${BASE}/mailFolders`, (ctx) => {
    const mailbox = mailboxOf(ctx);
    const value = [...mailbox.folders.values()]
      .filter((f) => !f.removed && f.parentFolderId === mailbox.rootFolderId)
      .map((f) => presentFolder(mailbox, f));
    ctx.body = { '@odata.context': `${originOf(ctx)}/v1.0/$metadata#users('${mailbox.address}')/mailFolders`, value };
  });

  router.post(`${BASE}/mailFolders`, (ctx) => {
    const mailbox = mailboxOf(ctx);
    const displayName = (ctx.request.body as { displayName?: unknown } | undefined)?.displayName;
    if (typeof displayName !== 'string' || displayName === '')
      throw new BadRequest('ErrorInvalidRequest', 'displayName is required.');
    ctx.status = 201;
    ctx.body = presentFolder(mailbox, store.createFolder(mailbox, displayName));
  });

  router.get(`${BASE}/mailFolders/:folderId`, (ctx) => {
    const mailbox = mailboxOf(ctx);
    ctx.body = presentFolder(mailbox, store.requireFolder(mailbox, ctx.params.folderId ?? ''));
  });

  router.get(`${BASE}/mailFolders/:folderId/childFolders`, (ctx) => {
    const mailbox = mailboxOf(ctx);
    const parent = store.requireFolder(mailbox, ctx.params.folderId ?? '');
    ctx.body = {
      value: [...mailbox.folders.values()]
        .filter((f) => !f.removed && f.parentFolderId === parent.id)
        .map((f) => presentFolder(mailbox, f)),
    };
  });

  router.get(`${BASE}/mailFolders/:folderId/messages/delta`, (ctx) => {
    const mailbox = mailboxOf(ctx);
    const folder = store.requireFolder(mailbox, ctx.params.folderId ?? '');
    if (consumeSyncStateFault(state, ctx, mailbox)) return;
    const prefer = preferOf(ctx);
    const token = firstString(ctx.query.$skiptoken) ?? firstString(ctx.query.$deltatoken);
    let delta: DeltaState | null;
    if (token) {
      delta = decodeDeltaToken(token);
      if (!delta || delta.m !== mailbox.userId || delta.f !== folder.id)
        return graphError(ctx, 410, 'syncStateNotFound', 'The sync state could not be found.');
      // A deltaLink starts a new round at the next snapshot.
      if (firstString(ctx.query.$deltatoken)) delta = { ...delta, s: null, after: null, n: 0 };
    } else {
      const changeType = firstString(ctx.query.changeType) ?? null;
      if (changeType !== null && !['created', 'updated', 'deleted'].includes(changeType))
        throw new BadRequest('ErrorInvalidUrlQuery', `Invalid changeType '${changeType}'.`);
      delta = {
        v: 1,
        m: mailbox.userId,
        f: folder.id,
        c: 0,
        s: null,
        after: null,
        n: 0,
        sel: parseSelect(ctx.query.$select),
        flt: firstString(ctx.query.$filter) ?? null,
        ct: changeType as ChangeType | null,
      };
    }
    const filter = parseReceivedFilter(delta.flt);
    if (filter === 'invalid')
      throw new BadRequest(
        'ErrorInvalidUrlQueryFilter',
        'The only supported filter is receivedDateTime ge|gt <DateTimeOffset>.',
      );
    const pageSize = Math.min(MAX_PAGE, Math.max(1, prefer.maxPageSize ?? DEFAULT_DELTA_PAGE));
    if (prefer.maxPageSize !== null) ctx.append('Preference-Applied', `odata.maxpagesize=${pageSize}`);
    if (prefer.immutableIds) ctx.append('Preference-Applied', 'IdType="ImmutableId"');
    const faults = state.throttle.faultsFor(mailbox.address);
    const replay = delta.c > 0 && delta.after === null && faults.replay.rounds > 0 ? faults.replay.items : 0;
    if (replay > 0) faults.replay.rounds -= 1;
    const page = deltaPage(mailbox, folder, delta, filter, pageSize, replay);
    const value = page.items.map((item) =>
      item.kind === 'message'
        ? presentMessage(item.message, { immutableIds: prefer.immutableIds, select: delta.sel })
        : {
            '@odata.type': '#microsoft.graph.message',
            id: prefer.immutableIds ? item.id : toRestId(item.id, folder.id),
            '@removed': { reason: 'deleted' },
          },
    );
    const link = `${userUrl(ctx)}/mailFolders/${folder.id}/messages/delta`;
    const body: Record<string, unknown> = {
      '@odata.context': `${originOf(ctx)}/v1.0/$metadata#Collection(message)`,
      value,
    };
    if (page.next) body['@odata.nextLink'] = `${link}?$skiptoken=${encodeDeltaToken(page.next)}`;
    else
      body['@odata.deltaLink'] =
        `${link}?$deltatoken=${encodeDeltaToken({ ...delta, c: page.snapshot, s: null, after: null, n: 0 })}`;
    ctx.body = body;
  });

  router.get(`${BASE}/mailFolders/:folderId/messages`, (ctx) => {
    const mailbox = mailboxOf(ctx);
    const folder = store.requireFolder(mailbox, ctx.params.folderId ?? '');
    const prefer = preferOf(ctx);
    const top = Math.min(MAX_PAGE, Number(firstString(ctx.query.$top) ?? DEFAULT_DELTA_PAGE) || DEFAULT_DELTA_PAGE);
    const skip = Number(firstString(ctx.query.$skip) ?? 0) || 0;
    const filterText = firstString(ctx.query.$filter) ?? null;
    const bounds = parseListFilter(filterText);
    if (bounds === 'invalid')
      throw new BadRequest(
        'ErrorInvalidUrlQueryFilter',
        'Supported: receivedDateTime ge|gt|lt|le <DateTimeOffset>, joined with and.',
      );
    const all = listed(mailbox, folder, filterText ?? '', () =>
      [...mailbox.messages.values()]
        .filter((m) => m.folderId === folder.id && bounds.every((b) => b(Date.parse(m.receivedDateTime))))
        .sort((a, b) =>
          a.receivedDateTime === b.receivedDateTime
            ? a.id < b.id
              ? 1
              : -1
            : a.receivedDateTime < b.receivedDateTime
              ? 1
              : -1,
        ),
    );
    const select = parseSelect(ctx.query.$select);
    const body: Record<string, unknown> = {
      value: all.slice(skip, skip + top).map((m) => presentMessage(m, { immutableIds: prefer.immutableIds, select })),
    };
    if (skip + top < all.length) {
      const query = new URLSearchParams({
        $top: String(top),
        $skip: String(skip + top),
        ...(select ? { $select: select.join(',') } : {}),
        ...(filterText ? { $filter: filterText } : {}),
      });
      body['@odata.nextLink'] = `${userUrl(ctx)}/mailFolders/${folder.id}/messages?${query.toString()}`;
    }
    ctx.body = body;
  });
}

const lists = new WeakMap<StoredFolder, { key: string; messages: StoredMessage[] }>();

/**
 * A folder's filtered, sorted message list, built once per filter and mailbox change number (any change to the
 * mailbox bumps it) rather than once per page: `$skip` paging through a large folder stays linear.
 */
function listed(
  mailbox: Mailbox,
  folder: StoredFolder,
  filterText: string,
  build: () => StoredMessage[],
): StoredMessage[] {
  const key = `${mailbox.seq}|${filterText}`;
  const cached = lists.get(folder);
  if (cached?.key === key) return cached.messages;
  const messages = build();
  lists.set(folder, { key, messages });
  return messages;
}

function consumeSyncStateFault(state: EmulatorState, ctx: Context, mailbox: Mailbox): boolean {
  const faults = state.throttle.faultsFor(mailbox.address);
  if (faults.syncStateNotFound <= 0) return false;
  faults.syncStateNotFound -= 1;
  graphError(
    ctx,
    410,
    'syncStateNotFound',
    'The sync state generation is not found. Start a new initial synchronization.',
  );
  return true;
}

/** Parses a list `$filter` of `receivedDateTime <op> <instant>` clauses joined with `and` into predicates. */
function parseListFilter(raw: string | null): ((at: number) => boolean)[] | 'invalid' {
  if (raw === null || raw.trim() === '') return [];
  const out: ((at: number) => boolean)[] = [];
  for (const clause of raw.split(/\s+and\s+/i)) {
    const match = /^\s*receivedDateTime\s+(ge|gt|lt|le)\s+'?([0-9T:.\-+Z]+)'?\s*$/i.exec(clause);
    const at = match?.[2] ? Date.parse(match[2]) : Number.NaN;
    if (!match || Number.isNaN(at)) return 'invalid';
    const op = match[1]?.toLowerCase();
    out.push(op === 'ge' ? (t) => t >= at : op === 'gt' ? (t) => t > at : op === 'lt' ? (t) => t < at : (t) => t <= at);
  }
  return out;
}

function firstString(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
