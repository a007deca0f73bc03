import { stringify } from 'csv-stringify/sync';

/**
 * A cell csv-stringify writes as it is, with the options below: no quote, separator or line end
 * inside (which it would quote), and no first character it would prefix against formulas
 * (csv-stringify 6, escape_formulas: - = + @ tab, carriage return and their full-width forms).
 */
const plainCell = {
  ',': /^(?![-=+@\t\r\uFF1D\uFF0B\uFF0D\uFF20])[^",\r\n]*$/,
  ';': /^(?![-=+@\t\r\uFF1D\uFF0B\uFF0D\uFF20])[^";\r\n]*$/,
} as const;

/**
 * CSV for people who open it in a spreadsheet (csv-stringify): quoted where needed, Windows line
 * ends (a line break inside a cell, alone or not, is quoted), and cells that begin with =, +, -, @, a tab or a carriage return prefixed with an apostrophe
 * (OWASP, "CSV injection"), so a value such as `=HYPERLINK(…)` is shown, never run, while a phone
 * number `+7 701 …` still reads as itself. The separator is a comma unless the reader's spreadsheet
 * expects a semicolon (lib/spreadsheet.ts, for Kazakh and Russian regional settings).
 *
 * A row whose every cell csv-stringify would write unchanged is joined here, the rest go through
 * csv-stringify: the same text (lib/csv.test.ts compares them), at a fraction of the cost for the
 * queue export's 120,000 rows of references, times and codes (issue 15). The queue export now has
 * PostgreSQL write its lines with the same rules (db/queries/csv.ts, csvCellSql).
 */
export function csvRows(rows: readonly (readonly string[])[], { delimiter = ',' }: { delimiter?: ',' | ';' } = {}) {
  const plain = plainCell[delimiter];
  let text = '';
  for (const row of rows) {
    text += row.every((cell) => typeof cell === 'string' && plain.test(cell))
      ? `${row.join(delimiter)}\r\n`
      : stringify([row as string[]], {
          escape_formulas: true,
          record_delimiter: 'windows',
          // Given a record delimiter, csv-stringify quotes only a cell holding it (\r\n): a lone line
          // feed or carriage return, as a pasted name or comment can hold, would end the row there
          // in a spreadsheet.
          quote_record_delimiter: true,
          delimiter,
        });
  }
  return text;
}
