import type { Db, DbOrTx } from '@/db';
import { listCalendarEntries } from '@/db/queries/deadlines';
import { deadlinePolicies, statutoryDeadlines, type DeadlineCode, type StatutoryDeadline } from '@/db/schema/calendar';
import { createNotifiedCache, type NotifiedCache, type NotifiedCacheOptions } from '@/lib/cache/notified';
import { buildCalendar, type WorkingCalendar } from './calendar';

/**
 * What every filing and execution reads to compute a due time and write its e-mail: the working
 * calendar, the operator's deadline policies and the statutory deadlines. A process that keeps
 * them (lib/cache/process.ts) reads them once, and again after any write to one of the three
 * tables: a trigger (migration 0025) sends this channel's notification at the writer's commit.
 */
export const REFERENCE_DATA_CHANNEL = 'derbes_reference_data';

export type DeadlineReference = {
  calendar: WorkingCalendar;
  /** Today's policy: the working days a deadline of each code has. */
  workingDays: ReadonlyMap<DeadlineCode, number>;
  statutes: ReadonlyMap<DeadlineCode, StatutoryDeadline>;
};

export async function loadDeadlineReference(db: DbOrTx): Promise<DeadlineReference> {
  const [entries, policies, statutes] = await Promise.all([
    listCalendarEntries(db),
    db.select({ code: deadlinePolicies.code, workingDays: deadlinePolicies.workingDays }).from(deadlinePolicies),
    db.select().from(statutoryDeadlines),
  ]);
  return {
    calendar: buildCalendar(entries),
    workingDays: new Map(policies.map((p) => [p.code, p.workingDays])),
    statutes: new Map(statutes.map((s) => [s.code, s])),
  };
}

export function createDeadlineReferenceCache(
  db: Db,
  options: NotifiedCacheOptions = {},
): NotifiedCache<DeadlineReference> {
  return createNotifiedCache(db, REFERENCE_DATA_CHANNEL, loadDeadlineReference, options);
}
