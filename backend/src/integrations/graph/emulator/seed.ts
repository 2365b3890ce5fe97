import { putMessage, replyThreading } from './mail';
import type { GraphStore } from './store';
import type { Mailbox, Recipient, StoredMessage } from './types';

/** What to seed: a mailbox, its custom folders and N messages spread over the last D days. */
export type SeedOptions = {
  address: string;
  displayName?: string;
  folders?: string[];
  messages?: number;
  days?: number;
  seed?: number;
};

const PEOPLE = [
  'Ava Thompson',
  'Noah Patel',
  'Mia Garcia',
  'Liam Chen',
  'Zoe Martin',
  'Ethan Brooks',
  'Isla Novak',
  'Lucas Silva',
];
const COMPANIES = ['northwind.example', 'contoso.example', 'fabrikam.example', 'tailspin.example'];
const TOPICS = [
  'Q3 proposal',
  'Renewal terms',
  'Kick-off agenda',
  'Pricing question',
  'Invoice 4471',
  'Demo follow-up',
  'Scope change',
  'Contract redlines',
];
const LINES = [
  'Thanks for the call earlier, sharing the notes as promised.',
  'Could you confirm the numbers before Friday?',
  'Attaching the updated deck; the timeline slide changed.',
  'We are aligned internally and ready to move forward.',
  'Can we push the review to next week?',
  'Happy to set up time with our procurement team.',
];

/** A small deterministic PRNG (mulberry32) so seeded mailboxes are identical across runs. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Creates (or extends) a mailbox with custom folders and realistic, threaded mail; returns it. */
export function seedMailbox(store: GraphStore, options: SeedOptions): Mailbox {
  const mailbox = store.ensureMailbox(options.address, options.displayName);
  for (const name of options.folders ?? []) {
    const exists = [...mailbox.folders.values()].some((f) => !f.removed && f.displayName === name);
    if (!exists) store.createFolder(mailbox, name);
  }
  const random = prng(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const count = options.messages ?? 0;
  const spanMs = (options.days ?? 30) * 86_400_000;
  const end = store.now().getTime();
  const self: Recipient = { emailAddress: { name: mailbox.displayName, address: mailbox.address } };
  const threads: StoredMessage[] = [];
  // Oldest first, so replies come after the message they answer.
  const times = Array.from({ length: count }, () => end - Math.floor(random() * spanMs)).sort((a, b) => a - b);
  for (const at of times) {
    const name = pick(PEOPLE);
    const other: Recipient = {
      emailAddress: { name, address: `${name.split(' ')[0]?.toLowerCase()}@${pick(COMPANIES)}` },
    };
    const outgoing = random() < 0.3;
    const parent = threads.length > 0 && random() < 0.35 ? pick(threads) : undefined;
    const roll = random();
    const folder = outgoing ? 'sentitems' : roll < 0.75 ? 'inbox' : roll < 0.9 ? 'archive' : 'inbox';
    const iso = new Date(at).toISOString();
    const message = putMessage(store, mailbox, folder, {
      subject: parent ? `RE: ${parent.subject.replace(/^RE: /, '')}` : `${pick(TOPICS)}`,
      body: { contentType: 'html', content: `<p>${pick(LINES)}</p><p>${pick(LINES)}</p>` },
      from: outgoing ? self : other,
      toRecipients: [outgoing ? other : self],
      receivedDateTime: iso,
      sentDateTime: iso,
      isRead: outgoing || random() < 0.7,
      hasAttachments: random() < 0.15,
      ...(parent ? replyThreading(parent) : {}),
    });
    threads.push(message);
  }
  return mailbox;
}
