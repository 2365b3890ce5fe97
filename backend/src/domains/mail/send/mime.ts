import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailAddress, OutboundContent, OutboundOptions } from '../outbox';

/** What a MIME draft is built from: the outbox row's addressing and options, and its unsealed content. */
export type MimeMessage = {
  from: string;
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  subject: string;
  content: OutboundContent;
  options: OutboundOptions;
  /** The headers the message must carry (the send key among them). */
  headers: Record<string, string>;
};

/** True when a header cannot go through Graph's JSON `internetMessageHeaders` (which takes `x-` names only). */
export const needsMime = (headers: Record<string, string>): boolean =>
  Object.keys(headers).some((name) => !/^x-/i.test(name));

const address = (a: MailAddress) => (a.name ? { name: a.name, address: a.address } : a.address);

/**
 * The RFC 5322 message for Graph's MIME format, built with nodemailer's MailComposer: HTML body (with a text
 * alternative left to the client), attachments, a read receipt request, and every header as given (RFC 8058's
 * `List-Unsubscribe` and `List-Unsubscribe-Post` among them). Bcc stays in the MIME: Graph reads it as the Bcc
 * line and never transmits it.
 */
export function composeMime(message: MimeMessage): Promise<Buffer> {
  const from = message.options.fromAlias ?? message.from;
  const composer = new MailComposer({
    from,
    to: message.to.map(address),
    cc: message.cc.map(address),
    bcc: message.bcc.map(address),
    subject: message.subject,
    html: message.content.bodyHtml,
    headers: {
      ...message.headers,
      ...(message.options.readReceipt ? { 'Disposition-Notification-To': from } : {}),
    },
    attachments: message.content.attachments.map((a) => ({
      filename: a.name,
      contentType: a.contentType,
      content: Buffer.from(a.contentBase64, 'base64'),
    })),
  });
  const node = composer.compile();
  // Bcc is written out (MailComposer drops it by default): Graph reads the blind recipients from it.
  node.keepBcc = true;
  return node.build();
}
