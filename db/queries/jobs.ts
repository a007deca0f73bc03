import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { jobRuns } from '@/db/schema/jobs';

/** When `job` last finished successfully (null if never): the health check's "last retention run". */
export async function findLastSuccessfulRun(db: DbOrTx, job: string): Promise<Date | null> {
  const [row] = await db
    .select({ finishedAt: jobRuns.finishedAt })
    .from(jobRuns)
    .where(and(eq(jobRuns.job, job), eq(jobRuns.outcome, 'succeeded')))
    .orderBy(desc(jobRuns.slot))
    .limit(1);
  return row?.finishedAt ?? null;
}
