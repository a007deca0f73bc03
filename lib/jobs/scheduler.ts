import { hostname } from 'node:os';
import { Cron } from 'croner';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { jobRuns } from '@/db/schema/jobs';
import type { Logger } from '@/lib/log';

/**
 * Scheduled jobs at times of day in Almaty, each schedule run once across any number of workers.
 * Why not a job library (graphile-worker, pg-boss): both bring their own tables, migrations and
 * database driver (node-postgres) beside ours, for what is here one primary key. The times come
 * from croner (cron patterns in a time zone); "once" comes from PostgreSQL: a run is a row keyed
 * by (job, scheduled time), and only the worker whose INSERT creates it runs the job. A worker that
 * was down at the scheduled time catches up the last missed run when it starts (`catchUp`).
 */
export const SCHEDULE_TIME_ZONE = 'Asia/Almaty';

export type JobDefinition = {
  name: string;
  /** A cron pattern, read in Almaty time. */
  schedule: string;
  run: (db: Db, now: Date) => Promise<string>;
  /** Run the last scheduled time at start if no worker ran it (for daily jobs). */
  catchUp?: boolean;
};

const runner = () => `${hostname()}:${process.pid}`;

/**
 * Runs `job` for the scheduled time `slot`, unless another worker already has. Returns what the
 * run did, or null when it was not this worker's to run.
 */
export async function runOnce(db: Db, job: JobDefinition, slot: Date, log?: Logger): Promise<string | null> {
  const claimed = await db
    .insert(jobRuns)
    .values({ job: job.name, slot, runner: runner() })
    .onConflictDoNothing()
    .returning({ slot: jobRuns.slot });
  if (claimed.length === 0) return null;
  const mark = (outcome: 'succeeded' | 'failed', summary: string) =>
    db
      .update(jobRuns)
      .set({ outcome, summary: summary.slice(0, 500), finishedAt: sql`now()` })
      .where(and(eq(jobRuns.job, job.name), eq(jobRuns.slot, slot)));
  try {
    const summary = await job.run(db, new Date());
    await mark('succeeded', summary);
    log?.info({ job: job.name, slot: slot.toISOString(), summary }, `job ${job.name} done`);
    return summary;
  } catch (error) {
    await mark('failed', error instanceof Error ? error.message : String(error));
    log?.error({ job: job.name, slot: slot.toISOString(), err: error }, `job ${job.name} failed`);
    throw error;
  }
}

/** The scheduled time a run that fires now belongs to: the latest one not after now. */
export function slotAt(schedule: string, now: Date): Date | null {
  // A few seconds of slack: a timer may fire a moment before the minute on a clock that runs behind.
  return (
    new Cron(schedule, { timezone: SCHEDULE_TIME_ZONE, paused: true }).previousRuns(
      1,
      new Date(now.getTime() + 5_000),
    )[0] ?? null
  );
}

export function startScheduler(db: Db, jobs: JobDefinition[], log?: Logger): { stop: () => Promise<void> } {
  const running = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    running.add(work);
    void work.finally(() => running.delete(work));
  };
  // croner's `protect` skips a tick while the previous run of the same job is still going.
  const fire = async (job: JobDefinition): Promise<void> => {
    const slot = slotAt(job.schedule, new Date());
    if (!slot) return;
    const work = runOnce(db, job, slot, log).then(
      () => {},
      () => {},
    );
    track(work);
    await work;
  };
  const crons = jobs.map(
    (job) => new Cron(job.schedule, { timezone: SCHEDULE_TIME_ZONE, protect: true }, () => fire(job)),
  );
  for (const job of jobs) if (job.catchUp) void fire(job);
  log?.info({ jobs: jobs.map((j) => `${j.name} (${j.schedule})`) }, 'scheduled jobs started, times in Almaty');
  return {
    async stop() {
      for (const cron of crons) cron.stop();
      await Promise.all(running);
    },
  };
}
