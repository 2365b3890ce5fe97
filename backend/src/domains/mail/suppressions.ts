import type { Knex } from 'knex';

/** The addresses among `emails` that the suppression list covers, by address or by domain. */
export async function suppressedEmails(
  trx: Knex | Knex.Transaction,
  tenantId: string,
  emails: readonly string[],
): Promise<Set<string>> {
  const list = [...new Set(emails.map((e) => e.toLowerCase()))];
  if (list.length === 0) return new Set();
  const domains = [...new Set(list.map((e) => e.slice(e.lastIndexOf('@') + 1)))];
  const rows = (await trx('suppressions')
    .where({ tenantId })
    .where((q) =>
      q
        .where((a) => a.where({ kind: 'email' }).whereIn('value', list))
        .orWhere((b) => b.where({ kind: 'domain' }).whereIn('value', domains)),
    )
    .select('kind', 'value')) as { kind: string; value: string }[];
  const byEmail = new Set(rows.filter((r) => r.kind === 'email').map((r) => r.value));
  const byDomain = new Set(rows.filter((r) => r.kind === 'domain').map((r) => r.value));
  return new Set(list.filter((e) => byEmail.has(e) || byDomain.has(e.slice(e.lastIndexOf('@') + 1))));
}
