import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { transactionWithRetries } from '@/db/retry';
import { subjects } from '@/db/schema/subjects';
import { recordAudits, type Actor, type AuditInput } from '@/lib/audit/record';
import { findCandidates, matchRow, type Match, type MatchConflict, type SubjectField } from './match';
import { readRecords } from './records';
import { emptyReport, MAX_LISTED, type ImportOptions, type ImportReport } from './report';
import { parseSubjectsFile, subjectColumns, type RowRejection, type SubjectRow } from './subjects-file';

/** Rows matched (and written) at once: three lookups and one transaction a batch. */
const BATCH = 1000;

export type SubjectsReport = ImportReport<RowRejection, MatchConflict>;
/** The subjects file's columns, for the rejected rows' download (lib/import/report.ts rejectedRowsCsv). */
export const subjectsFileColumns = subjectColumns;

type Batch = { line: number; row: SubjectRow }[];

/**
 * Reads a subjects file as it streams, matches its rows in batches and hands each batch with its
 * matches to `apply` (nothing for a dry run), counting what each row is or would be: new, an update,
 * already as the file says, a conflict or turned down, with every conflicting or turned-down row by
 * its line. A file of any size is read with the memory of one batch.
 */
async function processSubjects(
  db: Db,
  file: AsyncIterable<Uint8Array>,
  apply: ((tx: Tx, batch: { line: number; row: SubjectRow; match: Match }[]) => Promise<void>) | null,
  options: ImportOptions,
): Promise<SubjectsReport> {
  const format = options.format ?? 'csv';
  const { encoding, records } = await readRecords(file, { format, encoding: options.encoding, digits: { iin: 12 } });
  const report: SubjectsReport = emptyReport(format, encoding);
  const resumeAfter = options.resumeAfterLine ?? 0;
  let batch: Batch = [];
  let line = 1;
  const match = async (tx: Tx | Db) => {
    const found = await findCandidates(
      tx,
      batch.map((b) => b.row),
    );
    return batch.map((b) => ({ ...b, match: matchRow(b.row, found) }));
  };
  const flush = async () => {
    const matched = apply
      ? // Run again when undone as a deadlock: a rename here rewrites the subject's requests (migration
        // 0037), which an execution of one of them may hold.
        await transactionWithRetries(db, async (tx) => {
          await lockSubjectWrites(tx);
          const rows = await match(tx);
          await apply(tx, rows);
          return rows;
        })
      : await match(db);
    for (const { line, row, match } of matched) {
      report.counts[match.kind]++;
      if (match.kind === 'conflict' && report.conflicts.length < MAX_LISTED)
        report.conflicts.push({ line, reason: match.reason, externalId: row.external_id });
    }
    batch = [];
    report.lastLine = line;
    options.onProgress?.(report.rows, line);
  };
  for await (const parsed of parseSubjectsFile(records)) {
    report.rows++;
    line = parsed.line;
    if (parsed.line <= resumeAfter) {
      report.skipped++;
      report.lastLine = line;
      continue;
    }
    if ('rejected' in parsed) {
      report.counts.rejected++;
      if (report.rejected.length < MAX_LISTED)
        report.rejected.push({ line: parsed.line, reason: parsed.rejected, cells: parsed.cells });
      continue;
    }
    batch.push(parsed);
    if (batch.length === BATCH) await flush();
  }
  if (batch.length > 0 || line > report.lastLine) await flush();
  return report;
}

/** What importing the file would do, without writing anything. */
export function dryRunSubjects(
  db: Db,
  file: AsyncIterable<Uint8Array>,
  options: ImportOptions = {},
): Promise<SubjectsReport> {
  return processSubjects(db, file, null, options);
}

const column: Record<SubjectField, keyof SubjectRow> = {
  externalId: 'external_id',
  fullName: 'full_name',
  iin: 'iin',
  email: 'email',
  phone: 'phone',
  locale: 'language',
};

/** Who writes subjects and how the change is recorded: the audit's actor, reason and extra details. */
export type SubjectWriter = { source: string | null; actor: Actor; details?: Record<string, unknown> };

/**
 * One writer of subjects at a time, the import or the API: two would both see a person as new and
 * insert them twice. Taken in the transaction that matches and writes.
 */
export async function lockSubjectWrites(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('derbes:import-subjects'))`);
}

/**
 * Writes matched rows in the caller's transaction (under lockSubjectWrites): new people added, a
 * matched person given what the row adds or changes, each with its audit event, which the subject
 * sees in their activity (Art. 8-2). Conflicts and rows already as they are change nothing.
 * Gives the id of each subject added, by external id.
 */
export async function applySubjectMatches(
  tx: Tx,
  rows: { row: SubjectRow; match: Match }[],
  writer: SubjectWriter,
): Promise<Map<string, string>> {
  const extra = writer.details ?? { import: true };
  const created = rows.filter((r) => r.match.kind === 'new');
  const inserted =
    created.length === 0
      ? []
      : await tx
          .insert(subjects)
          .values(
            created.map(({ row }) => ({
              externalId: row.external_id,
              fullName: row.full_name,
              iin: row.iin,
              email: row.email,
              phone: row.phone,
              locale: row.language,
            })),
          )
          .returning({ id: subjects.id, externalId: subjects.externalId });
  const idOf = new Map(inserted.map((s) => [s.externalId!, s.id]));
  const events: AuditInput[] = created.map(({ row }) => {
    const id = idOf.get(row.external_id)!;
    return {
      actor: writer.actor,
      action: 'data_supplemented',
      subjectId: id,
      entityType: 'subject',
      entityId: id,
      reason: writer.source,
      details: { ...extra, fields: (Object.keys(column) as SubjectField[]).filter((f) => row[column[f]]) },
    };
  });
  for (const { row, match } of rows) {
    if (match.kind !== 'update') continue;
    await tx
      .update(subjects)
      .set({
        ...Object.fromEntries(match.changes.map((field) => [field, row[column[field]]])),
        updatedAt: new Date(),
      })
      .where(eq(subjects.id, match.subjectId));
    events.push({
      actor: writer.actor,
      action: 'data_changed',
      subjectId: match.subjectId,
      entityType: 'subject',
      entityId: match.subjectId,
      reason: writer.source,
      details: { ...extra, fields: match.changes },
    });
  }
  await recordAudits(tx, events);
  return idOf;
}

/**
 * Imports a subjects file: new people are added, a matched person gets what the file adds or
 * changes (an empty cell changes nothing), conflicts and bad rows are left for a person and
 * reported. Each batch commits with its audit events, which the subject sees in their activity
 * (Art. 8-2) with `source` as the reason. Importing the same file again changes nothing, so an
 * import cut off half-way is finished by running it again.
 */
export function importSubjects(
  db: Db,
  file: AsyncIterable<Uint8Array>,
  options: ImportOptions & { source: string; actor: Actor },
): Promise<SubjectsReport> {
  return processSubjects(
    db,
    file,
    async (tx, rows) => {
      await applySubjectMatches(tx, rows, { source: options.source, actor: options.actor });
    },
    options,
  );
}
