import type { Contact, PivotalClient, Task } from '@pivotal-pm/sdk';
import { useQuery } from '@tanstack/react-query';
import { useApi } from './api';
import { batcher } from './batch';

/** The statuses of a task still to do (`open` leaves out the unfinished ones past their due time: `overdue`). */
export const UNFINISHED = ['overdue', 'open', 'inProgress'] as const;

/** The unfinished tasks of some opportunities, soonest due first. */
export async function unfinishedTasks(api: PivotalClient, opportunityIds: string[]): Promise<Task[]> {
  const lists = await Promise.all(
    UNFINISHED.map((status) => api.task.list({ opportunityIds, status, limit: 200 }).toArray()),
  );
  return lists.flat().sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
}

type Loaders = { contact(id: string): Promise<Contact | null>; nextTask(id: string): Promise<Task | null> };
const loaders = new WeakMap<PivotalClient, Loaders>();

function loadersOf(api: PivotalClient): Loaders {
  let l = loaders.get(api);
  if (!l) {
    l = {
      contact: batcher(async (ids: string[]) => {
        const found = await api.contact.list({ ids, limit: 200 }).toArray();
        return new Map(found.map((c) => [c.id, c]));
      }),
      nextTask: batcher(async (ids: string[]) => {
        const next = new Map<string, Task>();
        for (const t of await unfinishedTasks(api, ids))
          if (t.opportunityId && !next.has(t.opportunityId)) next.set(t.opportunityId, t);
        return next;
      }),
    };
    loaders.set(api, l);
  }
  return l;
}

/** The query key of an opportunity's next task: under the opportunity, so whatever refreshes it refreshes this. */
export const nextTaskKey = (opportunityId: string) => ['opportunity', opportunityId, 'nextTask'] as const;

/** The soonest-due unfinished task of an opportunity (null: no next step), batched with the other cards'. */
export function useNextTask(opportunityId: string, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: nextTaskKey(opportunityId),
    enabled,
    staleTime: 60_000,
    queryFn: () => loadersOf(api).nextTask(opportunityId),
  });
}

/** The batched, cached read of one contact the cards and the detail share (one request whatever each keeps of it). */
function contactQuery(api: ReturnType<typeof useApi>, contactId: string | null, enabled: boolean) {
  return {
    queryKey: ['contact', contactId],
    enabled: enabled && contactId !== null,
    staleTime: 5 * 60_000,
    queryFn: () => loadersOf(api).contact(contactId!),
  };
}

/** A contact's display name ("Ada Lovelace"), batched with the other cards' contacts; nothing for no id. */
export function useContactName(contactId: string | null, enabled = true) {
  return useQuery({
    ...contactQuery(useApi(), contactId, enabled),
    select: (c) => (c ? `${c.firstName} ${c.lastName}`.trim() : null),
  });
}

/** A contact's name and phone (null: none), from the same batched, cached read as `useContactName`. */
export function useContactCard(contactId: string | null, enabled = true) {
  return useQuery({
    ...contactQuery(useApi(), contactId, enabled),
    select: (c) => (c ? { id: c.id, name: `${c.firstName} ${c.lastName}`.trim(), phone: c.phone ?? null } : null),
  });
}

/** An account's switchboard number (null: none or not readable), for the detail's click-to-call. */
export function useAccountPhone(accountId: string | null, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: ['account', accountId],
    enabled: enabled && accountId !== null,
    staleTime: 5 * 60_000,
    queryFn: () => api.account.get({ id: accountId! }),
    select: (a) => a.phone ?? null,
  });
}
