import ExcelJS from 'exceljs';
import type { Locale } from '@/db/schema/subjects';
import { csvRows } from '@/lib/csv';
import { kazakhstanDateTime, kazakhstanWallClock } from '@/lib/deadlines/due';

/** A cell: words, an instant (written in Almaty time) or nothing. */
export type Cell = string | Date | null;

/** One table of a download: a worksheet of its own in XLSX, a section of the CSV. */
export type Sheet = { title: string; header?: readonly string[]; rows: readonly (readonly Cell[])[] };

/**
 * The subject's downloads are made for a person in Almaty opening them in Excel.
 *
 * - XLSX is offered first: it opens in columns whatever the computer's regional settings, and its
 *   times are real date cells (sortable), on an Almaty clock.
 * - CSV stays for other programs. Excel splits a CSV on Windows' "list separator", which is `;`
 *   with Kazakh and Russian regional settings (the comma is their decimal sign) and `,` with
 *   English ones: the language the subject chose on the portal decides (someone reading English
 *   on a computer set up for Kazakhstan takes the XLSX). A `sep=;` first line would force it in
 *   Excel, but Excel then ignores the byte-order mark and garbles Kazakh letters. Excel also reads a
 *   12-digit IIN in a CSV as a number (8,81E+11); the XLSX keeps it as text. Nothing is forced in
 *   the CSV (a `="…"` cell would be a formula, which lib/csv.ts neutralises by design).
 * - Always UTF-8 with a byte-order mark: Windows-1251 has no ә, ғ, қ, ң, ө, ұ, ү, һ, і, and the mark
 *   is how Excel knows the file is UTF-8.
 * - Times as "2026-12-01 14:35", Almaty time (Asia/Almaty), which Excel reads as a date and time in
 *   every language; each download says so in its first table.
 */
export function csvDelimiterFor(locale: Locale): ',' | ';' {
  return locale === 'en' ? ',' : ';';
}

const csvCell = (cell: Cell) => (cell instanceof Date ? kazakhstanDateTime(cell) : (cell ?? ''));

/**
 * The tables one after another, each under its title and separated by an empty line, every line as
 * wide as the widest (a rectangular CSV, as RFC 4180 wants). Formula-like cells are neutralised by
 * csvRows.
 */
export function sheetsAsCsv(sheets: readonly Sheet[], locale: Locale): string {
  const lines: string[][] = [];
  sheets.forEach((sheet, index) => {
    if (index > 0) lines.push([]);
    lines.push([sheet.title]);
    if (sheet.header) lines.push([...sheet.header]);
    for (const row of sheet.rows) lines.push(row.map(csvCell));
  });
  const width = Math.max(1, ...lines.map((line) => line.length));
  const padded = lines.map((line) => [...line, ...Array<string>(width - line.length).fill('')]);
  return '\ufeff' + csvRows(padded, { delimiter: csvDelimiterFor(locale) });
}

// Excel refuses these in a worksheet's name, and more than 31 characters.
const sheetName = (title: string, taken: Set<string>) => {
  const base = title.replace(/[*?:\\/[\]]/g, ' ') || 'Sheet';
  let name = base.slice(0, 31);
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - ` ${n}`.length)} ${n}`;
  taken.add(name.toLowerCase());
  return name;
};

/**
 * The tables as an Excel workbook, one worksheet each, its header bold and frozen. A value is
 * always a string cell, never a formula (exceljs writes a formula only when given one), so
 * `=HYPERLINK(…)` in a value is shown as typed. An instant is a date cell on an Almaty clock.
 */
export async function sheetsAsXlsx(sheets: readonly Sheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Derbes';
  const taken = new Set<string>();
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheetName(sheet.title, taken), {
      views: sheet.header ? [{ state: 'frozen', ySplit: 1 }] : [],
    });
    if (sheet.header) worksheet.addRow([...sheet.header]).font = { bold: true };
    for (const row of sheet.rows) {
      const added = worksheet.addRow(row.map((cell) => (cell instanceof Date ? kazakhstanWallClock(cell) : cell)));
      row.forEach((cell, i) => {
        if (cell instanceof Date) added.getCell(i + 1).numFmt = 'yyyy-mm-dd hh:mm';
      });
    }
    // Wide enough to read, never wider than a screen: long texts and lists (one per line) wrap.
    const width = Math.max(sheet.header?.length ?? 0, ...sheet.rows.map((r) => r.length));
    for (let i = 1; i <= width; i++) {
      const column = worksheet.getColumn(i);
      const longest = Math.max(
        8,
        ...[sheet.header?.[i - 1], ...sheet.rows.map((r) => r[i - 1])].map((cell) =>
          cell instanceof Date ? 16 : (cell?.length ?? 0),
        ),
      );
      column.width = Math.min(60, longest + 2);
      column.alignment = { vertical: 'top', wrapText: true };
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The content types of the two spreadsheet downloads. */
export const spreadsheetTypes = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;
