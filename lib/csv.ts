import { stringify } from 'csv-stringify/sync';

/**
 * CSV for people who open it in a spreadsheet (csv-stringify): quoted where needed, Windows line
 * ends, and cells that begin with =, +, -, @, a tab or a carriage return prefixed with an apostrophe
 * (OWASP, "CSV injection"), so a value such as `=HYPERLINK(…)` is shown, never run, while a phone
 * number `+7 701 …` still reads as itself. The separator is a comma unless the reader's spreadsheet
 * expects a semicolon (lib/spreadsheet.ts, for Kazakh and Russian regional settings).
 */
export function csvRows(rows: readonly (readonly string[])[], { delimiter = ',' }: { delimiter?: ',' | ';' } = {}) {
  return stringify(rows as string[][], { escape_formulas: true, record_delimiter: 'windows', delimiter });
}
