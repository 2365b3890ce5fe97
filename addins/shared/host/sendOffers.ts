import type { MessageIndex } from '@pivotal-pm/sdk';

/**
 * What a rep asked for while writing an email: "once this is sent, enroll these people in that sequence". Outlook
 * has no after-send event for a task pane, so the pane keeps the offer and, once the sync finds the email in the
 * Sent folder, offers the enrollment with one click. Nothing is enrolled for an email that was never sent.
 */
export type SendOffer = {
  id: string;
  sequenceId: string;
  sequenceName: string;
  contacts: { id: string; name: string; email: string | null }[];
  /** The draft's subject and recipients (lower case) at the time: how the sent copy is recognised. */
  subject: string;
  recipients: string[];
  savedAt: string;
};

/** Where the offers live: Outlook's roaming settings (they follow the rep to another device), else browser storage. */
export type OfferStore = {
  list(): Promise<SendOffer[]>;
  save(offers: SendOffer[]): Promise<void>;
};

/** An offer older than this is forgotten: an email not sent within a week is not coming. */
export const OFFER_TTL_MS = 7 * 86_400_000;
/** At most this many offers are kept (roaming settings are small: 32 KB for the add-in). */
export const MAX_OFFERS = 20;

/** The offers still worth keeping at `now`, newest first and at most `MAX_OFFERS`. */
export function freshOffers(offers: SendOffer[], now: number): SendOffer[] {
  return offers
    .filter((o) => now - Date.parse(o.savedAt) < OFFER_TTL_MS)
    .sort((a, b) => b.savedAt.localeCompare(a.savedAt))
    .slice(0, MAX_OFFERS);
}

/** Adds `offer` to the store (pruned), replacing an earlier one for the same draft subject and recipients. */
export async function addOffer(store: OfferStore, offer: SendOffer, now = Date.now()): Promise<void> {
  const sameDraft = (o: SendOffer) => o.subject === offer.subject && o.recipients.join() === offer.recipients.join();
  await store.save(freshOffers([offer, ...(await store.list()).filter((o) => !sameDraft(o))], now));
}

export async function removeOffer(store: OfferStore, id: string): Promise<void> {
  await store.save((await store.list()).filter((o) => o.id !== id));
}

const normalSubject = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
/** Clock skew between the browser and the mail server that still counts as "sent after the offer". */
const SKEW_MS = 5 * 60_000;

/**
 * The sent copy of an offer's email among the Sent folder's messages: same subject, one of its recipients, sent no
 * earlier than the offer was made. Null while it has not been sent (or not synced yet).
 */
export function sentCopy(offer: SendOffer, sent: MessageIndex[]): MessageIndex | null {
  const after = Date.parse(offer.savedAt) - SKEW_MS;
  const recipients = new Set(offer.recipients);
  return (
    sent.find(
      (m) =>
        Date.parse(m.receivedAt) >= after &&
        normalSubject(m.subject) === normalSubject(offer.subject) &&
        [...m.to, ...m.cc].some((a) => recipients.has(a.toLowerCase())),
    ) ?? null
  );
}

/** A store in memory (tests, and a host where nothing can be kept). */
export function memoryOfferStore(initial: SendOffer[] = []): OfferStore {
  let offers = initial;
  return {
    list: async () => offers,
    save: async (next) => void (offers = next),
  };
}

/** A store in browser storage under `key` (the standalone pane: one key per signed-in user). */
export function browserOfferStore(storage: Storage, key: () => string): OfferStore {
  return {
    async list() {
      try {
        const parsed = JSON.parse(storage.getItem(key()) ?? '[]') as unknown;
        return Array.isArray(parsed) ? (parsed as SendOffer[]) : [];
      } catch {
        return [];
      }
    },
    save: async (offers) => storage.setItem(key(), JSON.stringify(offers)),
  };
}
