import type { Locale } from '@/db/schema/subjects';
import { csvRows } from '@/lib/csv';
import { translatorFor } from '@/lib/i18n/translator';
import type { ImportEncoding } from './decode';
import type { ImportFormat } from './records';

/** Rows listed by line in a report; beyond it they are only counted (a file can have a million). */
export const MAX_LISTED = 10_000;

/**
 * What an import did, or a dry run would do, with a file: how many rows it read, what each was,
 * and every turned-down or conflicting row by its line (the first MAX_LISTED of them), with the
 * row's cells so staff can download the rows to correct.
 */
export type ImportReport<Rejection extends string = string, Conflict extends string = string> = {
  format: ImportFormat;
  encoding: ImportEncoding;
  /** Rows read, those skipped by resumeAfterLine included. */
  rows: number;
  /** Rows at or before resumeAfterLine: done by the run this one resumes. */
  skipped: number;
  /** The line of the last row read (and, for an import, committed). */
  lastLine: number;
  counts: { new: number; update: number; same: number; conflict: number; rejected: number };
  rejected: { line: number; reason: Rejection; cells: Record<string, string> }[];
  conflicts: { line: number; reason: Conflict; externalId: string }[];
};

/** What both imports accept: the back office's import runner and the command line pass these. */
export type ImportOptions = {
  format?: ImportFormat;
  /** CSV only (XLSX is UTF-8 inside); recognised from the file unless chosen. */
  encoding?: ImportEncoding | 'auto';
  /**
   * Rows up to this line were committed by an earlier run cut off: they are read (a later row
   * repeating one is still a duplicate) but neither written nor listed again.
   */
  resumeAfterLine?: number;
  /** After each batch: the rows read so far (a progress bar's position) and the last line committed. */
  onProgress?: (rows: number, lastCommittedLine: number) => void;
};

export function emptyReport<R extends string, C extends string>(
  format: ImportFormat,
  encoding: ImportEncoding,
): ImportReport<R, C> {
  return {
    format,
    encoding,
    rows: 0,
    skipped: 0,
    lastLine: 1,
    counts: { new: 0, update: 0, same: 0, conflict: 0, rejected: 0 },
    rejected: [],
    conflicts: [],
  };
}

/**
 * The turned-down rows as a CSV file to correct and import again: the file's own columns, then the
 * row's line in the original file and the reason in `locale`'s words (columns the import ignores).
 * UTF-8 with a BOM, so Excel opens Cyrillic right.
 */
export function rejectedRowsCsv(
  rejected: ImportReport['rejected'],
  columns: readonly string[],
  locale: Locale,
): string {
  const t = translatorFor(locale);
  const header = [...columns, 'line', 'reason'];
  const rows = rejected.map((r) => [
    ...columns.map((c) => r.cells[c] ?? ''),
    String(r.line),
    t(`import.errors.${r.reason}` as Parameters<typeof t>[0]),
  ]);
  return `\uFEFF${csvRows([header, ...rows])}`;
}
