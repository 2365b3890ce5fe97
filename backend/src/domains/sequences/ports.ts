import type { Knex } from 'knex';
import { postOutbound, statusError } from '#security/outboundUrlHttp';

/**
 * One automated email handed to the mail outbox (the shape of `OutboundMail` in domains/mail/outbox.ts): the
 * outbox is transactional, so the mail goes out if and only if the caller's transaction commits, and `sendKey`
 * (`seq:<enrollmentId>:<stepKey>`) is unique there too.
 */
export type SequenceMail = {
  tenantId: string;
  mailboxId: string;
  sendKey: string;
  to: { address: string; name?: string }[];
  subject: string;
  bodyHtml: string;
  /** `List-Unsubscribe` and `List-Unsubscribe-Post` with the signed one-click link. */
  headers?: Record<string, string>;
  origin: 'sequence';
  enrollmentId: string;
  contactIds: string[];
  opportunityId?: string | null;
};

/** Where the Sequence Runner hands its emails: in production the mail outbox (`enqueueOutboundMail`). */
export type SequenceMailer = {
  send(trx: Knex.Transaction, mail: SequenceMail): Promise<void>;
};

/**
 * A webhook step's call, signed: `payload` is the exact JSON sent (`body` serialised) and `headers` carry its
 * `Pivotal-Signature` and the step's `key` (`seq:<enrollmentId>:<stepKey>`) as `Idempotency-Key`.
 */
export type SequenceWebhookCall = {
  url: string;
  key: string;
  body: Record<string, unknown>;
  payload: string;
  headers: Record<string, string>;
};

/** Where webhook steps go. */
export type SequenceWebhooks = {
  call(request: SequenceWebhookCall): Promise<void>;
};

/**
 * POSTs the signed call through the outbound fence (`security/outboundUrlHttp.ts`: public addresses only, checked
 * on the address connected to, never following a redirect) with a 5 s timeout; anything but a 2xx throws.
 */
export const httpSequenceWebhooks: SequenceWebhooks = {
  async call({ url, payload, headers }) {
    const { status } = await postOutbound(url, { headers, body: payload, timeoutMs: 5_000 });
    if (status < 200 || status >= 300) throw new Error(`webhook ${url} answered ${statusError(status)}`);
  },
};

/** What a recording mailer saw: mails handed over in committed transactions, and every attempt. */
export type RecordingMailer = SequenceMailer & {
  /** Mails whose transaction committed: what the outbox would really send. */
  committed: SequenceMail[];
  /** Every call, including those whose transaction rolled back. */
  attempts: SequenceMail[];
};

/**
 * A mailer for tests and the benchmark (a null transport): it records each mail and, like the transactional
 * outbox, counts it as handed over only once the transaction commits. `chaos` may throw after recording (an
 * ambiguous failure: the caller cannot know whether the mail left).
 */
export function createRecordingMailer(
  chaos?: (trx: Knex.Transaction, mail: SequenceMail) => Promise<void>,
): RecordingMailer {
  const committed: SequenceMail[] = [];
  const attempts: SequenceMail[] = [];
  return {
    committed,
    attempts,
    async send(trx, mail) {
      attempts.push(mail);
      trx.executionPromise.then(
        () => committed.push(mail),
        () => undefined,
      );
      if (chaos) await chaos(trx, mail);
    },
  };
}
