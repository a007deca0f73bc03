import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { users } from '@/db/schema/auth';
import {
  IMPORT_CHANNEL,
  importRuns,
  type ImportEncodingChoice,
  type ImportFailure,
  type ImportFormat,
  type ImportKind,
  type ImportRun,
  type ImportRunReport,
} from '@/db/schema/imports';
import type { Actor } from '@/lib/audit/record';
import { listeningLoop } from '@/lib/jobs/listening-loop';
import type { Logger } from '@/lib/log';
import { dryRunItems, importItems, itemsFileColumns } from './items-import';
import { dryRunSubjects, importSubjects, subjectsFileColumns } from './subjects-import';
import { ABANDONED_AFTER_DAYS, discardFile, readImportFile } from './runs';

/**
 * Carries out back-office imports beside the web server (lib/jobs/background.ts): the dry run of a
 * run in `checking`, the import of a run in `running`. The leasing is the e-mail outbox's
 * (lib/mail/worker.ts): a run is claimed with FOR UPDATE SKIP LOCKED and leased to this runner,
 * which renews the lease every third of its length while it works; a runner that dies stops
 * renewing, its lease runs out and another runner takes the run over. Every write of the runner
 * checks the lease is still its own, so a runner that was paused past its lease changes nothing.
 *
 * An import commits batch by batch (lib/import/*-import.ts), each with its audit events; after a
 * restart it resumes after the last committed line, and importing a line twice changes nothing
 * anyway. A cancelled run is noticed at the next renewal or batch: the runner stops there.
 */
const LEASE_SECONDS = 60;
/** Attempts at a run before it is marked failed: a fault that repeats is not worth a fourth. */
export const MAX_ATTEMPTS = 3;
/** How often progress is written: the page polls every second. */
const PROGRESS_EVERY_MS = 500;

/** What an import function is asked to do, whatever its kind. */
export type PassOptions = {
  encoding: ImportEncodingChoice;
  format: ImportFormat;
  /** The staff member who started the import: the subjects' activity names them (Art. 8-2). */
  actor: Actor;
  /** The name the subjects' activity gives the file's origin. */
  source: string;
  /** Lines up to this one were committed by an earlier attempt. */
  resumeAfterLine: number;
  onProgress: (rowsRead: number, lastCommittedLine?: number) => void;
};
type Pass = (db: Db, file: AsyncIterable<Uint8Array>, options: PassOptions) => Promise<ImportRunReport>;
/** An import function pair, the file's columns (for the rejected rows' download) and the formats it reads. */
export type Importer = { formats: readonly ImportFormat[]; columns: readonly string[]; dryRun: Pass; run: Pass };

/** The import functions by kind of file; a kind or format not here fails its run as `unsupported`. */
export const importers: Partial<Record<ImportKind, Importer>> = {
  subjects: {
    formats: ['csv', 'xlsx'],
    columns: subjectsFileColumns,
    dryRun: (db, file, { format, encoding, onProgress }) => dryRunSubjects(db, file, { format, encoding, onProgress }),
    run: (db, file, { format, encoding, onProgress, resumeAfterLine, actor, source }) =>
      importSubjects(db, file, { format, encoding, onProgress, resumeAfterLine, actor, source }),
  },
  // The activity names each row's own system (its `system` column), not the file.
  items: {
    formats: ['csv', 'xlsx'],
    columns: itemsFileColumns,
    dryRun: (db, file, { format, encoding, onProgress }) => dryRunItems(db, file, { format, encoding, onProgress }),
    run: (db, file, { format, encoding, onProgress, resumeAfterLine, actor }) =>
      importItems(db, file, { format, encoding, onProgress, resumeAfterLine, actor }),
  },
};

/** A file that is not of its kind at all (lib/import's ImportFileError, `header`: a required column missing). */
const isNotThatKindOfFile = (error: unknown) =>
  error instanceof Error && (error as { code?: unknown }).code === 'header';

/** The run was cancelled, its lease lost, or the runner is stopping: this runner stops touching it. */
class Stopped extends Error {
  constructor(readonly why: 'cancelled' | 'leaseLost' | 'shutdown') {
    super(`import: ${why}`);
  }
}

export type RunnerOptions = {
  db: Db;
  log?: Logger;
  pollMs?: number;
  leaseSeconds?: number;
  /** Seconds before a failed attempt is tried again. */
  retryAfterSeconds?: number;
  importers?: Partial<Record<ImportKind, Importer>>;
};

/** What one pass of the runner did with the run it claimed. */
export type Outcome = 'checked' | 'done' | 'failed' | 'retry' | 'stopped';

export function createImportRunner(options: RunnerOptions) {
  const { db, log } = options;
  const lease = options.leaseSeconds ?? LEASE_SECONDS;
  const retryAfter = options.retryAfterSeconds ?? 30;
  const kinds = options.importers ?? importers;
  const me = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  /** Stops the run in hand, when the runner is asked to stop. */
  let interrupt: (() => void) | null = null;

  /** Claims the oldest run waiting for a runner, if any. */
  async function claim(): Promise<ImportRun | null> {
    const claimed = await db.execute<{ id: string }>(sql`
      update import_runs set locked_until = now() + make_interval(secs => ${lease}), locked_by = ${me},
             attempts = attempts + 1, updated_at = now()
      where id = (
        select id from import_runs
        where state in ('checking', 'running') and (locked_until is null or locked_until < now())
        order by created_at, id
        limit 1
        for update skip locked
      )
      returning id`);
    const id = claimed[0]?.id;
    if (!id) return null;
    const [run] = await db.select().from(importRuns).where(eq(importRuns.id, id));
    return run ?? null;
  }

  /** Runs nobody took further are dropped with their file: an upload cut off, a dry run never imported. */
  async function expireAbandoned(): Promise<number> {
    const expired = await db.execute<{ id: string }>(sql`
      update import_runs set state = 'cancelled', finished_at = now(), updated_at = now()
      where state in ('uploaded', 'checked')
        and updated_at < now() - make_interval(days => ${ABANDONED_AFTER_DAYS})
      returning id`);
    for (const { id } of expired) await discardFile(db, id);
    return expired.length;
  }

  /** Ends this runner's work on a run with `changes`, if the run is still its own and in `state`. */
  async function finish(run: ImportRun, changes: Partial<typeof importRuns.$inferInsert>): Promise<boolean> {
    return db.transaction(async (tx) => {
      const [ended] = await tx
        .update(importRuns)
        .set({ ...changes, lockedUntil: null, lockedBy: null, updatedAt: new Date() })
        .where(and(eq(importRuns.id, run.id), eq(importRuns.lockedBy, me), eq(importRuns.state, run.state)))
        .returning({ state: importRuns.state });
      if (!ended) {
        log?.warn({ importRun: run.id }, 'import: the run was cancelled or taken over before its end was recorded');
        return false;
      }
      if (['done', 'failed', 'cancelled'].includes(ended.state)) await discardFile(tx, run.id);
      return true;
    });
  }

  async function fail(run: ImportRun, failure: ImportFailure): Promise<Outcome> {
    await finish(run, { state: 'failed', failure, finishedAt: new Date() });
    return 'failed';
  }

  async function actorOf(run: ImportRun): Promise<Actor> {
    const id = run.startedById ?? run.createdById;
    const [user] = await db.select({ role: users.role }).from(users).where(eq(users.id, id));
    return { id, role: user?.role ?? 'system' };
  }

  /** Does the dry run or the import of a claimed run. */
  async function work(run: ImportRun): Promise<Outcome> {
    const importer = kinds[run.kind];
    if (!importer || !importer.formats.includes(run.format)) return fail(run, 'unsupported');
    if (run.attempts > MAX_ATTEMPTS) return fail(run, 'internal');
    let stopped: Stopped | null = null;
    const guard = () => and(eq(importRuns.id, run.id), eq(importRuns.lockedBy, me), eq(importRuns.state, run.state));
    const renew = async () => {
      const [held] = await db
        .update(importRuns)
        .set({ lockedUntil: sql`now() + make_interval(secs => ${lease})` })
        .where(guard())
        .returning({ id: importRuns.id });
      if (!held) stopped ??= new Stopped(await whyLost(run.id));
    };
    interrupt = () => (stopped ??= new Stopped('shutdown'));
    const renewal = setInterval(
      () =>
        void renew().catch((error) =>
          log?.error({ err: error, importRun: run.id }, 'import: renewing the lease failed'),
        ),
      (lease * 1000) / 3,
    );
    // Progress is written at most every PROGRESS_EVERY_MS, one write at a time, the last one awaited.
    let latest: { rows: number; line?: number } | null = null;
    let writing: Promise<void> = Promise.resolve();
    let writtenAt = 0;
    const writeProgress = () => {
      const at = latest;
      if (!at) return;
      latest = null;
      writtenAt = Date.now();
      writing = writing
        .then(async () => {
          const [held] = await db
            .update(importRuns)
            .set({
              rowsRead: at.rows,
              ...(at.line !== undefined ? { lastCommittedLine: at.line } : {}),
              updatedAt: new Date(),
            })
            .where(guard())
            .returning({ id: importRuns.id });
          if (!held) stopped ??= new Stopped(await whyLost(run.id));
        })
        .catch((error) => log?.error({ err: error, importRun: run.id }, 'import: recording progress failed'));
    };
    const onProgress = (rows: number, line?: number) => {
      latest = { rows, line };
      if (Date.now() - writtenAt >= PROGRESS_EVERY_MS) writeProgress();
      // A cancelled run stops between batches, before the next one is read.
      if (stopped) throw stopped;
    };
    try {
      const pass = run.state === 'checking' ? importer.dryRun : importer.run;
      const report = await pass(
        db,
        readImportFile(db, run.id, () => stopped),
        {
          encoding: run.encoding,
          format: run.format,
          actor: await actorOf(run),
          source: run.fileName,
          resumeAfterLine: run.lastCommittedLine,
          onProgress,
        },
      );
      writeProgress();
      await writing;
      if (stopped) throw stopped;
      const stored = storable(report);
      if (run.state === 'checking') {
        await finish(run, { state: 'checked', report: stored, rowsRead: report.rows, checkedAt: new Date() });
        return 'checked';
      }
      await finish(run, { state: 'done', result: stored, rowsRead: report.rows, finishedAt: new Date() });
      return 'done';
    } catch (error) {
      await writing;
      if (error instanceof Stopped || stopped) {
        const why = (stopped ?? (error as Stopped)).why;
        log?.info({ importRun: run.id, why }, 'import: stopped');
        // Stopping for a restart: the run goes back at once, this attempt uncounted.
        if (why === 'shutdown')
          await db
            .update(importRuns)
            .set({ lockedUntil: null, lockedBy: null, attempts: sql`${importRuns.attempts} - 1` })
            .where(guard());
        return 'stopped';
      }
      if (isNotThatKindOfFile(error)) return fail(run, 'header');
      log?.error({ err: error, importRun: run.id, attempt: run.attempts }, 'import: a pass failed');
      if (run.attempts >= MAX_ATTEMPTS) return fail(run, 'internal');
      // Tried again later, from the last committed line, by this runner or another.
      await db
        .update(importRuns)
        .set({ lockedUntil: sql`now() + make_interval(secs => ${retryAfter})`, lockedBy: null })
        .where(guard());
      return 'retry';
    } finally {
      clearInterval(renewal);
      interrupt = null;
    }
  }

  async function whyLost(runId: string): Promise<'cancelled' | 'leaseLost'> {
    const [now] = await db.select({ state: importRuns.state }).from(importRuns).where(eq(importRuns.id, runId));
    return !now || now.state === 'cancelled' ? 'cancelled' : 'leaseLost';
  }

  /** One pass: drop abandoned runs, then work through every run waiting. */
  async function tick(): Promise<Outcome[]> {
    await expireAbandoned();
    const outcomes: Outcome[] = [];
    while (!waiting.stopping) {
      const run = await claim();
      if (!run) break;
      // Ids, kinds and counts only: a run's file name may be personal.
      log?.info({ importRun: run.id, kind: run.kind, state: run.state, attempt: run.attempts }, 'import: run claimed');
      const outcome = await work(run);
      log?.info({ importRun: run.id, outcome }, 'import: run left');
      outcomes.push(outcome);
    }
    return outcomes;
  }

  const waiting = listeningLoop({
    db,
    channel: IMPORT_CHANNEL,
    pass: tick,
    log,
    name: 'import',
    onStop: () => interrupt?.(),
  });
  return {
    tick,
    start: () => waiting.start(options.pollMs ?? 5000),
    stop: () => waiting.stop(),
  };
}

/** The report as stored: what the page and the download read of the import functions' own. */
function storable(report: ImportRunReport): ImportRunReport {
  return {
    encoding: report.encoding,
    rows: report.rows,
    skipped: report.skipped ?? 0,
    counts: { ...report.counts },
    rejected: report.rejected,
    conflicts: report.conflicts ?? [],
  };
}
