import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { bytea, createdAt, timestamptz } from './columns';

/**
 * Imports of the operator's files from the back office (/admin/import, issue 12 point 3). A run is
 * one uploaded file and what became of it:
 *   uploaded → checking → checked → running → done | failed | cancelled
 * `uploaded` while the file is still arriving; `checking` and `running` are picked up by the
 * background runner (lib/import/runner.ts) under a lease, as the e-mail outbox is; the dry run's
 * report is kept to show what the import would do, the import's progress to show a bar and to
 * resume after a restart. Who uploaded and who started it are the staff members the subjects'
 * activity names (Art. 8-2).
 */
export const importKinds = ['subjects', 'items'] as const;
export type ImportKind = (typeof importKinds)[number];
export const importFormats = ['csv', 'xlsx'] as const;
export type ImportFormat = (typeof importFormats)[number];
/** The staff member's choice: `auto` lets the first bytes tell (lib/import/decode.ts). */
export const importEncodingChoices = ['auto', 'utf-8', 'windows-1251'] as const;
export type ImportEncodingChoice = (typeof importEncodingChoices)[number];
export const importStates = ['uploaded', 'checking', 'checked', 'running', 'done', 'failed', 'cancelled'] as const;
export type ImportState = (typeof importStates)[number];
/** States in which nothing more happens: the file is gone. */
export const finishedImportStates = ['done', 'failed', 'cancelled'] as const satisfies readonly ImportState[];

/**
 * What a pass over the file found (lib/import/*-import.ts's report, as stored): the counts by
 * outcome, and the rows turned down and the conflicts by line, capped. The rejected rows' cells
 * are personal data: they are kept for the "rejected rows" download until the run finishes.
 */
export type ImportRunReport = {
  encoding: string;
  rows: number;
  /** Rows an earlier attempt had committed, which a resumed import read past. */
  skipped?: number;
  counts: Record<string, number>;
  rejected: { line: number; reason: string; cells?: Record<string, string> }[];
  conflicts: { line: number; reason: string; externalId?: string }[];
};

/**
 * Why a run failed, with no personal data: `header` (not a file of this kind), `unsupported` (a kind
 * or format the import cannot read yet), `internal` (a fault that repeated; the log has it).
 */
export type ImportFailure = 'header' | 'unsupported' | 'internal';

/** The runner LISTENs here; an upload or a start NOTIFYs at commit. */
export const IMPORT_CHANNEL = 'derbes_imports';

const quoted = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export const importRuns = pgTable(
  'import_runs',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text().$type<ImportKind>().notNull(),
    fileName: text().notNull(),
    format: text().$type<ImportFormat>().notNull(),
    encoding: text().$type<ImportEncodingChoice>().notNull().default('auto'),
    fileBytes: bigint({ mode: 'number' }).notNull().default(0),
    state: text().$type<ImportState>().notNull().default('uploaded'),
    report: jsonb().$type<ImportRunReport>(),
    result: jsonb().$type<ImportRunReport>(),
    failure: text().$type<ImportFailure>(),
    // The import's position: rows read, and the last line whose batch has committed (a restart
    // resumes after it).
    rowsRead: integer().notNull().default(0),
    lastCommittedLine: integer().notNull().default(0),
    // A runner holds a lease while it works and renews it; one that dies leaves it to run out.
    lockedUntil: timestamptz(),
    lockedBy: text(),
    attempts: integer().notNull().default(0),
    createdById: text()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    startedById: text().references(() => users.id, { onDelete: 'restrict' }),
    createdAt: createdAt(),
    checkedAt: timestamptz(),
    startedAt: timestamptz(),
    finishedAt: timestamptz(),
    updatedAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    index('import_runs_due')
      .on(t.createdAt)
      .where(sql`${t.state} in ('checking', 'running')`),
    index().on(t.createdAt),
    check('import_runs_kind', sql`${t.kind} in (${quoted(importKinds)})`),
    check('import_runs_format', sql`${t.format} in (${quoted(importFormats)})`),
    check('import_runs_encoding', sql`${t.encoding} in (${quoted(importEncodingChoices)})`),
    check('import_runs_state', sql`${t.state} in (${quoted(importStates)})`),
    check('import_runs_started', sql`${t.state} not in ('running', 'done') or ${t.startedById} is not null`),
  ],
);
export type ImportRun = typeof importRuns.$inferSelect;

/**
 * The uploaded file, in pieces of about a megabyte in upload order: written as the upload streams
 * and read back the same way, so a 200 MB file is never held whole in memory (one bytea value would
 * be, by the driver and the server). It holds personal data: deleted when the run finishes.
 */
export const importFileChunks = pgTable(
  'import_file_chunks',
  {
    runId: uuid()
      .notNull()
      .references(() => importRuns.id, { onDelete: 'cascade' }),
    seq: integer().notNull(),
    data: bytea().notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);
