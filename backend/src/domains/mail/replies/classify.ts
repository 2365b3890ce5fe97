import type { ReplyClassification } from '@pivotal-pm/sdk';
import { findReturnDate } from './returnDate';

/** What the classifier reads of an inbound message. */
export type ReplyInput = {
  subject: string;
  from: string;
  /** Plain text of the body (HTML already stripped). */
  body: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  receivedAt: Date;
};

/** The classification with the rule that decided it and, for out-of-office, the return date (YYYY-MM-DD). */
export type ReplyVerdict = { classification: ReplyClassification; reason: string; returnDate: string | null };

const BOUNCE_SENDER = /^(mailer-daemon|postmaster|mail-daemon|maildelivery|bounces?)([+@._-]|$)/i;
const BOUNCE_SUBJECT =
  /\b(undeliverable|undelivered mail|delivery status notification|delivery has failed|delivery failure|mail delivery (failed|subsystem)|returned mail|failure notice|message not delivered|could not be delivered|nondeliverable)\b/i;
const BOUNCE_BODY =
  /\b(5\.\d\.\d{1,3}|550[ -]|553[ -]|554[ -]|user unknown|mailbox (unavailable|not found|does not exist)|address (not found|rejected)|recipient address rejected|no such user|couldn't be delivered|could not be delivered|delivery to the following recipients? failed|the email account that you tried to reach does not exist)\b/i;
const OOO_SUBJECT =
  /^\s*(automatic reply|auto[- ]?reply|autoreply|auto[- ]?response|out of (the )?office|ooo\b|abwesenheitsnotiz|abwesend|r[ée]ponse automatique|absence|away from)/i;
const OOO_BODY =
  /\b(out of (the )?office|on (annual |parental |maternity |paternity |sick |medical )?leave|on (vacation|holiday|holidays|sabbatical)|away from (the |my )?(office|desk)|limited (access to )?(e-?mail|connectivity)|currently travell?ing|i am (currently )?(away|out)|i('m| am) out (until|till|through|of)|will be (back|away|out)|return(ing)? to (the )?office|with limited access)/i;
const UNSUBSCRIBE =
  /\b(unsubscribe|remove me|take me off|opt(-| )?out|stop (e-?mailing|emailing|contacting|sending|messaging) me|no longer (wish|want) to (receive|hear|be contacted)|do not (contact|e-?mail|email) me|don't (contact|e-?mail|email) me|please remove (me|my (e-?mail|address))|not interested,? (please )?(remove|stop)|take my (e-?mail|address) off)\b/i;
const QUOTE_START = /^(on .{4,200}wrote:|-{2,}\s*original message\s*-{2,}|from:\s.+|_{5,}|>.*|sent from my .+)$/im;

/** The text the sender wrote: everything before the quoted original (reply headers, `>` lines, signatures of mobile clients). */
export function ownText(body: string): string {
  const match = QUOTE_START.exec(body);
  return (match ? body.slice(0, match.index) : body).trim();
}

function autoSubmitted(headers: Record<string, string>): string | null {
  const auto = headers['auto-submitted']?.toLowerCase();
  if (auto && auto !== 'no') return `Auto-Submitted: ${auto}`;
  if (headers['x-autoreply'] || headers['x-autorespond']) return 'X-Autoreply header';
  const precedence = headers.precedence?.toLowerCase();
  if (precedence === 'auto_reply') return 'Precedence: auto_reply';
  return null;
}

/**
 * Classifies an inbound message that answers one we sent: bounce (delivery report), out-of-office (auto-reply
 * markers or wording, with a return date when given), unsubscribe request (in the sender's own words, not in
 * quoted text), else a human reply. Pure: the same input always gives the same verdict.
 */
export function classifyReply(input: ReplyInput): ReplyVerdict {
  const own = ownText(input.body);
  const contentType = input.headers['content-type']?.toLowerCase() ?? '';
  if (contentType.includes('multipart/report') && contentType.includes('delivery-status'))
    return { classification: 'bounce', reason: 'delivery status report (multipart/report)', returnDate: null };
  if (BOUNCE_SENDER.test(input.from))
    return { classification: 'bounce', reason: `sent by ${input.from.split('@')[0]}`, returnDate: null };
  const bounceSubject = BOUNCE_SUBJECT.exec(input.subject);
  if (bounceSubject)
    return { classification: 'bounce', reason: `subject says "${bounceSubject[0]}"`, returnDate: null };
  const bounceBody = BOUNCE_BODY.exec(own);
  if (bounceBody && /\b(deliver|recipient|mailbox|address)/i.test(own))
    return { classification: 'bounce', reason: `delivery failure "${bounceBody[0]}"`, returnDate: null };
  const header = autoSubmitted(input.headers);
  const oooSubject = OOO_SUBJECT.exec(input.subject);
  const oooBody = OOO_BODY.exec(own);
  if (header || oooSubject || (oooBody && own.length < 1_500 && !UNSUBSCRIBE.test(own))) {
    const evidence = header ?? (oooSubject ? `subject "${oooSubject[0].trim()}"` : `says "${oooBody?.[0]}"`);
    return {
      classification: 'out_of_office',
      reason: `auto-reply: ${evidence}`,
      returnDate: findReturnDate(own || input.body, input.receivedAt),
    };
  }
  const unsubscribe = UNSUBSCRIBE.exec(`${input.subject}\n${own}`);
  if (unsubscribe)
    return { classification: 'unsubscribe', reason: `asks to stop: "${unsubscribe[0]}"`, returnDate: null };
  return {
    classification: 'human_reply',
    reason: own ? 'written reply with no auto-reply, bounce or opt-out markers' : 'reply with no own text',
    returnDate: null,
  };
}
