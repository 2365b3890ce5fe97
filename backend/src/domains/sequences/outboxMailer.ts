import { enqueueOutboundMail } from '#domains/mail/outbox';
import type { SequenceMailer } from './ports';

/**
 * The production mailer of the Sequence Runner: each email goes into the mail outbox in the runner's
 * transaction (sent by the `send_mail` worker through draft + send, exactly once by its `seq:` send key).
 */
export const outboxSequenceMailer: SequenceMailer = {
  async send(trx, mail) {
    await enqueueOutboundMail(trx, mail);
  },
};
