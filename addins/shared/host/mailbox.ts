import type { OfferStore } from './sendOffers';
import type { HostTheme } from './types';

/** One address of the open item. */
export type MailAddress = { name: string; address: string };

/** What the pane reads of the message the rep has open (read) or is writing (compose). */
export type MailItem = {
  mode: 'read' | 'compose';
  /** The RFC 5322 Message-ID; null while composing, or when Outlook gives none. */
  internetMessageId: string | null;
  subject: string;
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  /** When the message was made (read mode): the time an email logged from the pane carries. */
  createdAt: string | null;
};

/**
 * The boundary between the Outlook pane and its host. Components read the open item, the theme and tokens only
 * through this, never through `Office.*`: Outlook gives the office.js one, a plain browser the standalone one
 * (a demo message of the seeded mailboxes and the dev sign-in), tests a fake.
 */
export type MailboxHost = {
  kind: 'outlook' | 'standalone';
  theme: HostTheme;
  onThemeChange(listener: (theme: HostTheme) => void): () => void;
  /** The open item now (null: none selected); `onItemChange` reports the next one (the pane is pinned). */
  item(): Promise<MailItem | null>;
  onItemChange(listener: () => void): () => void;
  /** A bearer token for the Pivotal API, or null when signed out. */
  getToken(): Promise<string | null>;
  userHint: string | null;
  /** Standalone only: signs in as a seeded user through the dev issuer. */
  signIn?(tenant: string, email: string): Promise<void>;
  signOut?(): void;
  /** Standalone only: opens another demo message (the pane's stand-in for Outlook's reading pane). */
  chooseItem?(item: MailItem): void;
  /** Compose only: puts HTML at the cursor of the email being written, and the subject when it has none yet. */
  insertHtml?(html: string, subject: string): Promise<void>;
  /** The enrollments the rep asked to offer once an email being written is sent. */
  offers: OfferStore;
  /** Standalone only: sends the demo email being written through the API (Outlook sends its own). */
  sendDemo?(item: MailItem): Promise<void>;
};

/** The addresses of an item as `mailContext.get` takes them (lower case). */
export function contextInput(item: MailItem) {
  const lower = (a: MailAddress) => a.address.toLowerCase();
  return {
    ...(item.internetMessageId ? { internetMessageId: item.internetMessageId } : {}),
    ...(item.from ? { from: lower(item.from) } : {}),
    to: item.to.map(lower),
    cc: item.cc.map(lower),
  };
}
