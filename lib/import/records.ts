import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { decodeStream, type ImportEncoding } from './decode';

/**
 * The rows of an import file as records under its header, whatever the file is: CSV (csv-parse)
 * or XLSX (exceljs's streaming reader, the first worksheet). Both are read as they stream, so a
 * file of a million rows is held a row at a time; the subjects and the items parsers read this.
 */
export const importFormats = ['csv', 'xlsx'] as const;
export type ImportFormat = (typeof importFormats)[number];

/** The format a file's name says (.csv, .xlsx), or null for anything else. */
export function formatOfFile(name: string): ImportFormat | null {
  const extension = name.toLowerCase().split('.').pop();
  return extension === 'csv' || extension === 'xlsx' ? extension : null;
}

/**
 * One row: its line (the file's own, the header being line 1, so a spreadsheet shows the same row),
 * its cells by the header's column names, and whether it has more cells than the header (CSV).
 */
export type SourceRecord = { line: number; record: Record<string, string>; badColumns: boolean };

export type RecordOptions = {
  format?: ImportFormat;
  /** CSV only: XLSX is UTF-8 inside. */
  encoding?: ImportEncoding | 'auto';
  /**
   * Columns whose numbers are codes of a fixed width (an IIN): Excel stores "010203500038" typed
   * into a cell as the number 10203500038, losing the leading zero, which is put back.
   */
  digits?: Record<string, number>;
};

/** The header's names as the parsers' columns: case, spaces and a stray BOM do not matter. */
export const columnName = (header: string) =>
  header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '_');

/** The records of the file, and the encoding it was read in (a CSV's, chosen or recognised). */
export async function readRecords(
  file: AsyncIterable<Uint8Array>,
  options: RecordOptions = {},
): Promise<{ encoding: ImportEncoding; records: AsyncGenerator<SourceRecord> }> {
  if (options.format === 'xlsx') return { encoding: 'utf-8', records: xlsxRecords(file, options.digits ?? {}) };
  const { encoding, text } = await decodeStream(file, options.encoding ?? 'auto');
  return { encoding, records: csvRecords(text) };
}

/**
 * The separator the header line uses: commas, semicolons (Excel's CSV in a Russian or Kazakh
 * Windows) or tabs, whichever it has most of. One separator, not three to try at every cell,
 * makes csv-parse a third faster on a million rows.
 */
export function detectDelimiter(head: string): ',' | ';' | '\t' {
  const line = head.split(/\r?\n/, 1)[0]!.replace(/"[^"]*"/g, '');
  const count = (c: string) => line.split(c).length - 1;
  const [best] = ([',', ';', '\t'] as const).map((c) => [c, count(c)] as const).sort((a, b) => b[1] - a[1]);
  return best![1] > 0 ? best![0] : ',';
}

async function* csvRecords(text: Readable): AsyncGenerator<SourceRecord> {
  const chunks = text[Symbol.asyncIterator]() as AsyncIterator<string | Buffer>;
  const first = await chunks.next();
  const head = first.done ? '' : String(first.value);
  async function* rest() {
    if (head) yield head;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  }
  const parser = Readable.from(rest(), { objectMode: false }).pipe(
    parse({
      columns: (header: string[]) => header.map(columnName),
      delimiter: detectDelimiter(head),
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      bom: true,
    }),
  );
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string | undefined>;
    info: { lines: number; invalid_field_length: number };
  }>) {
    const cells: Record<string, string> = {};
    for (const [key, value] of Object.entries(record)) cells[key] = value ?? '';
    // info.lines is the line the record ends on; a record spans one line unless a cell breaks it.
    yield { line: info.lines, record: cells, badColumns: info.invalid_field_length > 0 };
  }
}

async function* xlsxRecords(file: AsyncIterable<Uint8Array>, digits: Record<string, number>) {
  const input = Readable.from(file, { objectMode: false });
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell a date from a number: a date cell is a number with a date format.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const sheet of workbook) {
      let header: string[] | null = null;
      for await (const row of sheet) {
        const values = row.values as unknown[];
        if (!header) {
          header = values.map((v) => columnName(cellText(v)));
          continue;
        }
        const record: Record<string, string> = {};
        let filled = false;
        header.forEach((name, column) => {
          if (!name) return;
          const value = values[column];
          const width = digits[name];
          const text =
            typeof value === 'number' && width && Number.isInteger(value)
              ? value.toFixed(0).padStart(width, '0')
              : cellText(value);
          record[name] = text;
          if (text.trim()) filled = true;
        });
        // An empty row (formatted but blank) is skipped, as an empty CSV line is.
        if (filled) yield { line: row.number, record, badColumns: false };
      }
      // The first worksheet only: a second one is notes, a pivot, something else.
      break;
    }
  } finally {
    input.destroy();
  }
}

/** A cell's value as the text a person sees: numbers in full, dates as ISO 8601, rich text flattened. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) {
    // Excel's dates have no time zone; exceljs reads them as UTC, so UTC gives back what was typed.
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
  }
  if (typeof value === 'object') {
    const cell = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown };
    if (cell.richText) return cell.richText.map((part) => part.text).join('');
    if ('result' in cell) return cellText(cell.result);
    if (cell.text !== undefined) return cellText(cell.text);
  }
  return '';
}

/** A file that is not a subjects (or items) file at all: `header` (a required column is missing). */
export class ImportFileError extends Error {
  constructor(
    readonly code: 'header',
    kind: 'subjects' | 'items',
  ) {
    super(`import: the file is not a ${kind} file (${code})`);
  }
}
