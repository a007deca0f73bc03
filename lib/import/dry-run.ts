import type { DbOrTx } from '@/db';
import { decodeStream, type ImportEncoding } from './decode';
import { findCandidates, matchRow, type MatchConflict } from './match';
import { parseSubjectsFile, type RowRejection, type SubjectRow } from './subjects-file';

/** Rows matched against the database at once: three lookups a batch. */
const BATCH = 1000;
/** Rows listed by line in the report; beyond it they are only counted (the file can have a million). */
export const MAX_LISTED = 10_000;

export type DryRunReport = {
  encoding: ImportEncoding;
  rows: number;
  counts: { new: number; update: number; same: number; conflict: number; rejected: number };
  rejected: { line: number; reason: RowRejection; cells: Record<string, string> }[];
  conflicts: { line: number; reason: MatchConflict; externalId: string }[];
};

/**
 * What importing a subjects file would do, without writing anything: how many rows are new, would
 * update a subject, are already as the file says, conflict with what the operator holds, or are
 * turned down, with every turned-down and conflicting row by its line. It streams: a file of any
 * size is read with the memory of one batch.
 */
export async function dryRunSubjects(
  db: DbOrTx,
  file: AsyncIterable<Uint8Array>,
  choice: ImportEncoding | 'auto' = 'auto',
): Promise<DryRunReport> {
  const { encoding, text } = await decodeStream(file, choice);
  const report: DryRunReport = {
    encoding,
    rows: 0,
    counts: { new: 0, update: 0, same: 0, conflict: 0, rejected: 0 },
    rejected: [],
    conflicts: [],
  };
  let batch: { line: number; row: SubjectRow }[] = [];
  const flush = async () => {
    const found = await findCandidates(
      db,
      batch.map((b) => b.row),
    );
    for (const { line, row } of batch) {
      const match = matchRow(row, found);
      report.counts[match.kind]++;
      if (match.kind === 'conflict' && report.conflicts.length < MAX_LISTED)
        report.conflicts.push({ line, reason: match.reason, externalId: row.external_id });
    }
    batch = [];
  };
  for await (const parsed of parseSubjectsFile(text)) {
    report.rows++;
    if ('rejected' in parsed) {
      report.counts.rejected++;
      if (report.rejected.length < MAX_LISTED)
        report.rejected.push({ line: parsed.line, reason: parsed.rejected, cells: parsed.cells });
      continue;
    }
    batch.push(parsed);
    if (batch.length === BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return report;
}
