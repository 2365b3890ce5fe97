import { type AddressObject, simpleParser } from 'mailparser';
import { BadRequest } from './gate';
import type { NewMessage } from './mail';
import type { Recipient } from './types';

/** Headers Graph turns into message properties (or MIME structure): the rest stay as `internetMessageHeaders`. */
const PROPERTY_HEADERS = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'subject',
  'date',
  'message-id',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
]);

const recipients = (value: AddressObject | AddressObject[] | undefined): Recipient[] =>
  (Array.isArray(value) ? value : value ? [value] : [])
    .flatMap((group) => group.value)
    .flatMap((a) => (a.address ? [{ emailAddress: { name: a.name ?? '', address: a.address.toLowerCase() } }] : []));

/**
 * A message posted in Graph's MIME format (`Content-Type: text/plain`, the RFC 5322 message in base64), as the
 * emulator's message input. Like Graph, anything that is not base64 of a message with headers is a 400.
 */
export async function messageFromMime(body: unknown): Promise<NewMessage> {
  const text = typeof body === 'string' ? body.trim() : '';
  const invalid = () =>
    new BadRequest('ErrorMimeContentInvalidBase64String', 'Invalid base64 string for MIME content.');
  if (text === '' || !/^[A-Za-z0-9+/\r\n]+={0,2}$/.test(text)) throw invalid();
  const raw = Buffer.from(text, 'base64');
  // A message starts with a header line ("Name: value").
  if (!/^[!-9;-~]+:/.test(raw.subarray(0, 200).toString('latin1'))) throw invalid();
  const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true });
  const headers = parsed.headerLines
    .filter((h) => !PROPERTY_HEADERS.has(h.key))
    .map((h) => {
      const colon = h.line.indexOf(':');
      return {
        name: h.line.slice(0, colon).trim(),
        value: h.line
          .slice(colon + 1)
          .replace(/\r?\n[ \t]+/g, ' ')
          .trim(),
      };
    });
  const html = typeof parsed.html === 'string' ? parsed.html : null;
  const from = recipients(parsed.from)[0];
  return {
    subject: parsed.subject ?? '',
    body: html !== null ? { contentType: 'html', content: html } : { contentType: 'text', content: parsed.text ?? '' },
    toRecipients: recipients(parsed.to),
    ccRecipients: recipients(parsed.cc),
    bccRecipients: recipients(parsed.bcc),
    internetMessageHeaders: headers,
    ...(from ? { from } : {}),
    ...(parsed.messageId ? { internetMessageId: parsed.messageId } : {}),
    attachments: parsed.attachments.map((a) => ({
      '@odata.type': '#microsoft.graph.fileAttachment',
      name: a.filename ?? 'attachment',
      contentType: a.contentType,
      contentBytes: a.content.toString('base64'),
    })),
  };
}
