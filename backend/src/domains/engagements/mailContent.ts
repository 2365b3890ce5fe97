/**
 * What a synced email says stays in its mailbox. An engagement that mail sync wrote has no subject or preview of
 * its own: it points at its message (`engagements.message_id`), and reads take the words from `message_index`,
 * whose mailbox privacy policy (RLS) shows a row to the mailbox owner and the users it is shared with only. Anyone
 * else who can see the record gets NULLs: the email happened (type, direction, date, contact), nothing more. An
 * engagement logged by a person (`engagement.log`, with or without `messageId`) carries its own words.
 */

/** LEFT JOIN of an engagements alias `e` to its message as alias `mi` (no row unless the caller may read it). */
export const messageJoinSql = 'LEFT JOIN message_index mi ON mi.tenant_id = e.tenant_id AND mi.id = e.message_id';

/** The subject a reader of `e` may see. */
export const subjectSql = 'coalesce(e.subject, mi.subject)';

/** The preview a reader of `e` may see (a message's snippet is at most 500 characters). */
export const previewSql = 'coalesce(e.body_preview, mi.snippet)';
