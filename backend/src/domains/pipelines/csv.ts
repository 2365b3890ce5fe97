/** One CSV cell (RFC 4180): strings as-is, null/undefined empty, arrays and objects as JSON. */
export function csvCell(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else text = JSON.stringify(value);
  if (startsFormula(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A plain decimal number, optionally negative and with an exponent (`-25.50`, `-1e3`, `.5`). */
const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * Spreadsheet formula injection: Excel, LibreOffice and Sheets read a cell starting with `=`, `+`, `-`, `@`, a tab or a
 * CR as a formula (`-2+3+cmd|' /C calc'!A0` runs a command through DDE). Such a cell is prefixed with `'`, which the
 * spreadsheet shows as text; only a cell that is entirely a negative number keeps its leading `-`.
 */
export function startsFormula(text: string): boolean {
  if (/^[=+@\t\r]/.test(text)) return true;
  return text.startsWith('-') && !NUMBER.test(text);
}

/** CSV text (CRLF line ends) of a header and rows of objects, in `columns` order. */
export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const lines = [columns.map(csvCell).join(','), ...rows.map((row) => columns.map((c) => csvCell(row[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
