import { createHash } from 'node:crypto';
import type { GraphControl } from '#integrations/graph/emulator/index';
import { prng } from '#integrations/graph/emulator/seed';

/** A person the demo mailbox corresponds with (a seeded contact). */
export type DemoCorrespondent = { name: string; email: string; company: string };
/** The mailbox owner. */
export type DemoOwner = { address: string; displayName: string };

type Draft = {
  at: number;
  folder: 'inbox' | 'sentitems' | 'archive';
  from: { name: string; address: string };
  to: { name: string; address: string }[];
  subject: string;
  text: string;
  imid: string;
  conversationId: string;
  headers: { name: string; value: string }[];
  isRead: boolean;
};

const DAY = 86_400_000;
const HOUR = 3_600_000;
const TOPICS = [
  'proposal for the spring campaign',
  'SEO retainer renewal',
  'paid social budget',
  'website relaunch timeline',
  'brand workshop dates',
  'analytics dashboard access',
  'Q3 media plan',
  'contract redlines',
  'kick-off agenda',
  'creative review',
];
const OPENERS_OUT = [
  'Great speaking earlier. As promised, here is a short summary of what we discussed and the proposed next steps.',
  'Following up on our call: I have attached the revised scope with the timeline we agreed.',
  'Quick one: could we find 30 minutes next week to go through the numbers together?',
  'Thanks again for the brief. We have put together a first outline; let me know what you think.',
];
const OPENERS_IN = [
  'We are reviewing options for next quarter and would like to understand your pricing for this.',
  'Could you send over the latest version of the deck before our internal meeting on Thursday?',
  'Our CFO asked for a breakdown of the costs by month. Is that something you can share?',
  'We liked the case studies you shared. What would a pilot look like for us?',
];
const REPLIES_IN = [
  'Thanks, this looks good. Let me check with the team and come back to you by Friday.',
  'Appreciate the quick turnaround. Two small questions on the timeline, see below.',
  'We are aligned internally. Can you send the contract so we can start the approval?',
  'Could we push this to next week? Things are busy on our side.',
  'Looks great. Please go ahead and book the kick-off.',
];
const REPLIES_OUT = [
  'Of course, happy to. I will send the updated version tomorrow morning.',
  'Thanks for the feedback. I have adjusted the plan accordingly, see attached.',
  'Great news. I will loop in our delivery lead so we can set the dates.',
  'No problem at all. Does Tuesday at 10:00 work for you?',
];
const NEWSLETTERS = [
  ['Marketing Week', 'news@marketingweek.example', 'This week: five trends reshaping B2B marketing'],
  ['Agency Insider', 'digest@agencyinsider.example', 'Your weekly agency digest'],
  ['Office 365', 'no-reply@microsoft.example', 'Your Microsoft 365 weekly summary'],
] as const;

const domainOf = (address: string) => address.split('@')[1] ?? 'example.com';
const b64 = (s: string) => Buffer.from(s).toString('base64url');

/**
 * Fills an emulated mailbox with `days` of realistic, threaded mail with the given correspondents: outbound
 * proposals and follow-ups, inbound requests, replies with In-Reply-To and References, a few out-of-office
 * auto-replies, one bounce and some newsletters. Deterministic for (owner, correspondents, now): same mail,
 * same order, so the same emulator ids. Answers the number of messages.
 */
export function seedDemoMailContent(
  control: GraphControl,
  owner: DemoOwner,
  people: DemoCorrespondent[],
  options: { now: Date; days?: number },
): number {
  const days = options.days ?? 95;
  const end = options.now.getTime() - 20 * 60_000;
  const seed = createHash('sha256').update(owner.address).digest().readUInt32BE(0);
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const me = { name: owner.displayName, address: owner.address };
  const drafts: Draft[] = [];
  let n = 0;
  const imid = (domain: string) => `<pv.${seed.toString(36)}.${(n++).toString(36)}@${domain}>`;
  control.seedMailbox({ address: owner.address, displayName: owner.displayName, folders: ['Clients'] });

  const thread = (person: DemoCorrespondent, index: number, bounce: boolean) => {
    const them = { name: person.name, address: bounce ? person.email.replace('@', '.old@') : person.email };
    const conversationId = `AAQk${b64(`${owner.address}|${index}`)}`;
    const topic = `${pick(TOPICS)} - ${person.company}`;
    let at = end - Math.floor(random() * days * DAY);
    let outbound = bounce || random() < 0.6;
    const count = bounce ? 1 : 1 + Math.floor(random() * 4);
    const chain: Draft[] = [];
    for (let i = 0; i < count && at < end; i++) {
      const parent = chain[chain.length - 1];
      const refs = chain.map((d) => d.imid);
      const subject = parent ? `RE: ${topic}` : topic;
      const text = parent
        ? `${pick(outbound ? REPLIES_OUT : REPLIES_IN)}\n\nBest,\n${(outbound ? me : them).name}\n\nOn ${new Date(parent.at).toUTCString()}, ${parent.from.name} wrote:\n> ${parent.text.split('\n')[0]}`
        : `Hi ${(outbound ? them : me).name.split(' ')[0]},\n\n${pick(outbound ? OPENERS_OUT : OPENERS_IN)}\n\nBest,\n${(outbound ? me : them).name}`;
      const draft: Draft = {
        at,
        folder: outbound ? 'sentitems' : random() < 0.15 ? 'archive' : 'inbox',
        from: outbound ? me : them,
        to: [outbound ? them : me],
        subject,
        text,
        imid: imid(domainOf(outbound ? me.address : them.address)),
        conversationId,
        headers: parent
          ? [
              { name: 'In-Reply-To', value: parent.imid },
              { name: 'References', value: refs.join(' ') },
            ]
          : [],
        isRead: outbound || at < end - 2 * DAY || random() < 0.4,
      };
      chain.push(draft);
      // An outbound message sometimes meets an auto-reply first.
      if (outbound && !bounce && random() < 0.1) {
        const back = new Date(at + (3 + Math.floor(random() * 7)) * DAY);
        chain.push({
          at: at + 2 * 60_000,
          folder: 'inbox',
          from: them,
          to: [me],
          subject: `Automatic reply: ${subject}`,
          conversationId,
          text: `Thank you for your email. I am out of the office until ${back.toDateString()} with limited access to email. For urgent matters please contact my colleague.`,
          imid: imid(domainOf(them.address)),
          isRead: at < end - 2 * DAY,
          headers: [
            { name: 'In-Reply-To', value: draft.imid },
            { name: 'References', value: [...refs, draft.imid].join(' ') },
            { name: 'Auto-Submitted', value: 'auto-replied' },
          ],
        });
      }
      at += (3 + Math.floor(random() * 69)) * HOUR;
      outbound = !outbound;
    }
    if (bounce && chain[0]) {
      const sent = chain[0];
      chain.push({
        at: sent.at + 60_000,
        folder: 'inbox',
        from: { name: 'Microsoft Outlook', address: `postmaster@${domainOf(me.address)}` },
        to: [me],
        conversationId,
        subject: `Undeliverable: ${sent.subject}`,
        imid: imid(domainOf(me.address)),
        isRead: true,
        text: `Delivery has failed to these recipients or groups:\n\n${them.address}\nThe email address you entered couldn't be found. 550 5.1.1 RESOLVER.ADR.RecipNotFound; not found`,
        headers: [
          { name: 'In-Reply-To', value: sent.imid },
          { name: 'References', value: sent.imid },
          { name: 'Auto-Submitted', value: 'auto-replied' },
        ],
      });
    }
    drafts.push(...chain);
  };

  people.forEach((person, i) => {
    thread(person, i * 2, false);
    if (random() < 0.5) thread(person, i * 2 + 1, false);
  });
  if (people[0]) thread(people[people.length - 1]!, 9_999, true);
  for (let week = 0; week * 7 < days; week++) {
    const [name, address, subject] = pick(NEWSLETTERS);
    drafts.push({
      at: end - week * 7 * DAY - Math.floor(random() * DAY),
      folder: 'inbox',
      from: { name, address },
      to: [me],
      subject,
      text: `${subject}. Read online. Unsubscribe at any time.`,
      imid: imid(domainOf(address)),
      conversationId: `AAQk${b64(`${owner.address}|news|${week}`)}`,
      headers: [],
      isRead: random() < 0.5,
    });
  }

  drafts.sort((a, b) => a.at - b.at);
  for (const d of drafts) {
    const iso = new Date(d.at).toISOString();
    control.deliver(
      owner.address,
      {
        subject: d.subject,
        body: { contentType: 'text', content: d.text },
        from: { emailAddress: d.from },
        toRecipients: d.to.map((emailAddress) => ({ emailAddress })),
        internetMessageId: d.imid,
        conversationId: d.conversationId,
        internetMessageHeaders: d.headers,
        receivedDateTime: iso,
        sentDateTime: iso,
        isRead: d.isRead,
      },
      d.folder,
    );
  }
  return drafts.length;
}
