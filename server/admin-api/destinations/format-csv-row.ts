/** Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection, plus tab and CR). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One text cell: a leading formula character is neutralized with a single quote (the value came from a
 * shopper and must never run in the merchant's spreadsheet), then quoted per RFC 4180 when it holds a
 * comma, a quote or a line break.
 */
export function csvTextCell(value: string | null): string {
  if (value === null) return '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A number we formatted ourselves: never a formula, so a negative amount stays a number. */
export const csvNumberCell = (value: number | null): string => (value === null || !Number.isFinite(value) ? '' : String(value));

/** One record, CRLF-terminated as RFC 4180 asks. */
export const csvRecord = (cells: readonly string[]): string => `${cells.join(',')}\r\n`;
