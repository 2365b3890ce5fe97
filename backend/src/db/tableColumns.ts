/**
 * The columns of a table as a row type declares them, kept at runtime so a test (`test/db/rowTypes.test.ts`)
 * can compare them with the migrated schema. `whole` says the type lists every column of the table; otherwise
 * it lists a subset (a narrower select), and each listed column must still exist.
 */
export type TableColumns = { table: string; columns: readonly string[]; whole: boolean };

type Missing<Row, C extends readonly string[]> = Exclude<keyof Row & string, C[number]>;

/**
 * Declares the columns of `Row` for `table` (snake_case, as migrated), camelCase as knex answers them. The
 * compiler checks the list against the type: every listed name must be a key of `Row` and every key listed.
 */
export function tableColumns<Row>() {
  return <const C extends readonly (keyof Row & string)[]>(
    table: string,
    columns: C & ([Missing<Row, C>] extends [never] ? unknown : { missingColumns: Missing<Row, C> }),
    whole = true,
  ): TableColumns => ({ table, columns, whole });
}
