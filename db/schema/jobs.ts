import { sql } from 'drizzle-orm';
import { check, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns';

/**
 * One row per run of a scheduled job (lib/jobs/scheduler.ts). The primary key is the job and the
 * time it was scheduled for: whichever worker inserts the row runs the job, so a schedule runs
 * once however many workers there are. The rows also answer "when did retention last run".
 */
export const jobOutcomes = ['running', 'succeeded', 'failed'] as const;
export type JobOutcome = (typeof jobOutcomes)[number];

export const jobRuns = pgTable(
  'job_runs',
  {
    job: text().notNull(),
    slot: timestamptz().notNull(),
    outcome: text().$type<JobOutcome>().notNull().default('running'),
    startedAt: timestamptz().notNull().defaultNow(),
    finishedAt: timestamptz(),
    // What the run did ("12 e-mails") or why it failed, with no personal data.
    summary: text(),
    // Which process ran it: host and PID, for the engineer reading the table.
    runner: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.job, t.slot] }),
    check('job_runs_outcome', sql`${t.outcome} in ('running', 'succeeded', 'failed')`),
  ],
);
export type JobRun = typeof jobRuns.$inferSelect;
