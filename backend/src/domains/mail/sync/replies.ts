import type { Knex } from 'knex';
import type { PageOutcome } from './indexWriter';
import type { IndexRow, SyncMailbox } from './messageRows';

/**
 * Reply detection around a page: `prepare` runs before the page transaction (it may call Graph for the full
 * candidates), `commit` runs inside it once the rows are written (it emits `mail.replyDetected` for new ones).
 */
export type ReplyDetector = {
  prepare(
    mailbox: SyncMailbox,
    rows: IndexRow[],
  ): Promise<{ commit(trx: Knex.Transaction, outcome: PageOutcome): Promise<void> } | null>;
};
