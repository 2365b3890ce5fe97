/**
 * The seam between identity (who may call Graph for a mailbox, and with which token) and the mail code that
 * calls Graph (sync worker, webhook processor, inbox write-through, sender). Identity implements it with
 * msal-node and the sealed per-mailbox token cache; tests may implement it against the Graph emulator.
 */

/** One connected mailbox, as the mail code addresses it. */
export type MailboxRef = {
  tenantId: string;
  mailboxId: string;
  /** The mailbox's SMTP address, used as `/users/{address}` on Graph. */
  address: string;
};

/** Gives a valid access token for a mailbox, refreshing it when needed (under a row lock on the mailbox). */
export type MailboxAccess = {
  accessToken(ref: MailboxRef): Promise<string>;
};

/**
 * The mailbox's consent is gone (revoked, expired refresh token, `interaction_required`): the caller stops
 * syncing it; identity has already set the mailbox's status to `error` with `reason` and told the owner.
 */
export class MailboxAuthError extends Error {
  readonly reason: string;
  constructor(reason: string, message = `mailbox needs to be reconnected: ${reason}`) {
    super(message);
    this.name = 'MailboxAuthError';
    this.reason = reason;
  }
}
