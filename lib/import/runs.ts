import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '@/db';
import { users } from '@/db/schema/auth';
import {
  IMPORT_CHANNEL,
  importFileChunks,
  importRuns,
  type ImportEncodingChoice,
  type ImportFormat,
  type ImportKind,
  type ImportRun,
  type ImportState,
} from '@/db/schema/imports';
import type { Actor } from '@/lib/audit/record';
import { DomainError } from '@/lib/errors';

/**
 * Back-office imports (issue 12 point 3): a staff member uploads a file, the background runner
 * (./runner.ts) checks it (the dry run), the staff member reads the report and starts the import,
 * which the runner carries out with a progress bar. These are the steps people take; the runner's
 * side is in runner.ts.
 */

/**
 * The largest file an import takes: an operator's export of a million data items is ~150 MB of
 * CSV. Only the upload route (app/api/admin/import/route.ts) accepts a body this size; every other
 * form stays under lib/files/limits.ts's MAX_REQUEST_BYTES.
 */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
/** The size of the stored pieces of a file: large enough to be few, small enough to hold a handful. */
export const CHUNK_BYTES = 1024 * 1024;
/** A run nobody took further (an upload cut off, a dry run never imported) is dropped with its file after this. */
export const ABANDONED_AFTER_DAYS = 7;

/** Why an upload or a step was refused: keys of `importRuns.errors`. */
export type ImportRefusal = 'tooLarge' | 'empty' | 'notFound' | 'stale';

/** The staff member's file's format: XLSX by its name or its first bytes (a ZIP), CSV otherwise. */
export function formatOf(fileName: string, head?: Uint8Array): ImportFormat {
  if (/\.xlsx$/i.test(fileName)) return 'xlsx';
  if (head && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  return 'csv';
}

/**
 * Receives an uploaded file as it streams: the run is created (`uploaded`), the file stored in
 * pieces, and once all of it has arrived the run waits for its dry run (`checking`). A file over
 * `maxBytes` is refused and nothing of it is kept.
 */
export async function receiveImportFile(
  db: Db,
  staff: Actor & { id: string },
  input: { kind: ImportKind; fileName: string; encoding: ImportEncodingChoice; body: AsyncIterable<Uint8Array> },
  maxBytes = MAX_IMPORT_BYTES,
): Promise<string> {
  const fileName = input.fileName.slice(0, 255) || 'import';
  const [run] = await db
    .insert(importRuns)
    .values({ kind: input.kind, fileName, format: formatOf(fileName), encoding: input.encoding, createdById: staff.id })
    .returning({ id: importRuns.id });
  const id = run!.id;
  let seq = 0;
  let size = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let head: Uint8Array | undefined;
  const flush = async () => {
    if (pendingBytes === 0) return;
    await db.insert(importFileChunks).values({ runId: id, seq: seq++, data: Buffer.concat(pending) });
    pending = [];
    pendingBytes = 0;
  };
  try {
    for await (const chunk of input.body) {
      head ??= chunk.subarray(0, 4);
      size += chunk.byteLength;
      if (size > maxBytes) throw new DomainError<ImportRefusal>('tooLarge');
      pending.push(Buffer.from(chunk));
      pendingBytes += chunk.byteLength;
      if (pendingBytes >= CHUNK_BYTES) await flush();
    }
    await flush();
    if (size === 0) throw new DomainError<ImportRefusal>('empty');
  } catch (error) {
    // Nothing of a refused or broken upload is kept (the pieces go with the run).
    await db.delete(importRuns).where(eq(importRuns.id, id));
    throw error;
  }
  await db.transaction(async (tx) => {
    await tx
      .update(importRuns)
      .set({ state: 'checking', fileBytes: size, format: formatOf(fileName, head), updatedAt: new Date() })
      .where(and(eq(importRuns.id, id), eq(importRuns.state, 'uploaded')));
    await wakeRunner(tx);
  });
  return id;
}

/**
 * The stored file, piece by piece in upload order, read a few pieces at a time. `stop` is asked
 * before each piece: when it says so the reading ends with its error (a cancelled run, a lost lease).
 */
export async function* readImportFile(db: DbOrTx, runId: string, stop?: () => Error | null): AsyncGenerator<Buffer> {
  let after = -1;
  for (;;) {
    const rows = await db
      .select({ seq: importFileChunks.seq, data: importFileChunks.data })
      .from(importFileChunks)
      .where(and(eq(importFileChunks.runId, runId), gt(importFileChunks.seq, after)))
      .orderBy(asc(importFileChunks.seq))
      .limit(4);
    for (const row of rows) {
      const stopped = stop?.();
      if (stopped) throw stopped;
      yield row.data;
      after = row.seq;
    }
    if (rows.length < 4) return;
  }
}

/** Moves a run from one of `from` to `to` with `changes`; the run as it now is, or a refusal. */
async function move(
  tx: Tx,
  runId: string,
  from: readonly ImportState[],
  changes: Partial<typeof importRuns.$inferInsert>,
): Promise<ImportRun> {
  const [moved] = await tx
    .update(importRuns)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(importRuns.id, runId), inArray(importRuns.state, from)))
    .returning();
  if (moved) return moved;
  const [exists] = await tx.select({ id: importRuns.id }).from(importRuns).where(eq(importRuns.id, runId));
  throw new DomainError<ImportRefusal>(exists ? 'stale' : 'notFound');
}

/** Wakes the runners at commit (a poll every few seconds covers a missed notice). */
async function wakeRunner(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_notify(${IMPORT_CHANNEL}, '')`);
}

/** The staff member starts the import of a checked file; the runner takes it from here. */
export async function startImport(tx: Tx, staff: { id: string }, runId: string): Promise<ImportRun> {
  await wakeRunner(tx);
  return move(tx, runId, ['checked'], {
    state: 'running',
    startedById: staff.id,
    startedAt: new Date(),
    rowsRead: 0,
    lastCommittedLine: 0,
    attempts: 0,
  });
}

/**
 * Cancels a run that has not finished. The file goes at once; a runner working on it notices at its
 * next piece or batch and stops, leaving the batches already committed (each is complete, with its
 * audit events: importing the file again finishes the work and changes nothing twice).
 */
export async function cancelImport(tx: Tx, runId: string): Promise<ImportRun> {
  const run = await move(tx, runId, ['uploaded', 'checking', 'checked', 'running'], {
    state: 'cancelled',
    finishedAt: new Date(),
    lockedUntil: null,
    lockedBy: null,
  });
  await discardFile(tx, run.id);
  return run;
}

/**
 * The file, and the rejected rows' cells in the reports, are personal data kept only for the run:
 * gone once it has finished.
 */
export async function discardFile(tx: DbOrTx, runId: string): Promise<void> {
  await tx.delete(importFileChunks).where(eq(importFileChunks.runId, runId));
  await tx.execute(sql`
    update import_runs set
      report = case when report is null then null else jsonb_set(report, '{rejected}',
        coalesce((select jsonb_agg(r - 'cells') from jsonb_array_elements(report->'rejected') r), '[]'::jsonb)) end,
      result = case when result is null then null else jsonb_set(result, '{rejected}',
        coalesce((select jsonb_agg(r - 'cells') from jsonb_array_elements(result->'rejected') r), '[]'::jsonb)) end
    where id = ${runId}`);
}

const listed = {
  id: importRuns.id,
  kind: importRuns.kind,
  fileName: importRuns.fileName,
  format: importRuns.format,
  fileBytes: importRuns.fileBytes,
  state: importRuns.state,
  createdAt: importRuns.createdAt,
  finishedAt: importRuns.finishedAt,
  createdByEmail: users.email,
  createdByName: users.name,
  // The counts only: the lists of rows stay out of the list of runs.
  reportCounts: sql<Record<string, number> | null>`${importRuns.report}->'counts'`,
  resultCounts: sql<Record<string, number> | null>`${importRuns.result}->'counts'`,
};
export type ListedImportRun = Awaited<ReturnType<typeof listImportRuns>>[number];

/** The latest runs, newest first, with who uploaded each. */
export function listImportRuns(db: DbOrTx, limit = 50) {
  return db
    .select(listed)
    .from(importRuns)
    .innerJoin(users, eq(users.id, importRuns.createdById))
    .orderBy(desc(importRuns.createdAt), desc(importRuns.id))
    .limit(limit);
}

/** One run, with the staff members who uploaded and started it. */
export async function findImportRun(db: DbOrTx, runId: string) {
  const [run] = await db
    .select({
      run: importRuns,
      createdByEmail: users.email,
      createdByName: users.name,
    })
    .from(importRuns)
    .innerJoin(users, eq(users.id, importRuns.createdById))
    .where(eq(importRuns.id, runId));
  return run ?? null;
}

/** A run's position, for the page's progress bar (polled every second while the runner works). */
export async function findImportProgress(db: DbOrTx, runId: string) {
  const [run] = await db
    .select({
      state: importRuns.state,
      rowsRead: importRuns.rowsRead,
      lastCommittedLine: importRuns.lastCommittedLine,
      totalRows: sql<number | null>`(${importRuns.report}->>'rows')::int`,
    })
    .from(importRuns)
    .where(eq(importRuns.id, runId));
  return run ?? null;
}
