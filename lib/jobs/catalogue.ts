import { deleteExpiredSessions } from '@/db/queries/sessions';
import { sendActivityDigests } from '@/lib/activity/digest';
import { sweepIdempotencyKeys } from '@/lib/api/idempotency';
import { sealAuditDays } from '@/lib/audit/seals';
import { env } from '@/lib/env';
import { findCalendarHorizon } from '@/lib/deadlines/horizon';
import { logger } from '@/lib/log';
import { pruneLimits } from '@/lib/rate-limit';
import { runRetention } from '@/lib/retention/run';
import type { JobDefinition } from './scheduler';

/** Every scheduled job, with its time of day in Almaty. The e-mail outbox is not here: it runs continuously. */
export const scheduledJobs: JobDefinition[] = [
  {
    // Art. 8-2(2): at most one e-mail an hour per subject; every five minutes finds who is due.
    name: 'activity-digests',
    schedule: '*/5 * * * *',
    run: async (db, now) => `${await sendActivityDigests(db, now)} digest(s)`,
  },
  {
    // Art. 12(2), 18: the daily retention run, at night.
    name: 'retention',
    schedule: '0 3 * * *',
    catchUp: true,
    run: async (db, now) => {
      const r = await runRetention(db, now);
      return `${r.expired} consent(s) expired, ${r.ended} purpose hold(s) ended, ${r.listed} item(s) listed, ${r.destroyed} destroyed`;
    },
  },
  {
    // Ended sessions and old abuse-limit windows: nothing kept longer than it serves.
    name: 'security-cleanup',
    schedule: '30 4 * * *',
    run: async (db, now) =>
      `${await deleteExpiredSessions(db, now)} expired session(s), ${await pruneLimits(db, now)} limit window(s) removed`,
  },
  {
    // An API write's Idempotency-Key answers retries for a day (lib/api/idempotency.ts), then goes.
    name: 'api-idempotency-keys',
    schedule: '15 * * * *',
    run: async (db, now) => `${await sweepIdempotencyKeys(db, now)} idempotency key(s) older than a day removed`,
  },
  {
    // Art. 22(1)(5): yesterday's last audit hash sealed with a key outside the database, written to
    // the seals file and e-mailed to the dpo, so a rewrite of the chain is found (lib/audit/seals.ts).
    name: 'audit-seal',
    schedule: '10 0 * * *',
    catchUp: true,
    run: async (db, now) => {
      const { AUDIT_SEAL_KEY, AUDIT_SEALS_FILE } = env();
      if (!AUDIT_SEAL_KEY) throw new Error('AUDIT_SEAL_KEY is not set: the audit trail cannot be sealed');
      const sealed = await sealAuditDays(db, now, { key: AUDIT_SEAL_KEY, file: AUDIT_SEALS_FILE });
      return sealed.length
        ? `${sealed.length} day(s) sealed, up to ${sealed.at(-1)!.day} (event ${sealed.at(-1)!.lastEventId})`
        : 'nothing to seal';
    },
  },
  {
    // Reference §3: the calendar must not run out silently.
    name: 'calendar-horizon',
    schedule: '0 9 * * *',
    catchUp: true,
    run: async (db, now) => {
      const horizon = await findCalendarHorizon(db, now);
      const summary =
        horizon.lastYear === null
          ? 'the calendar has no holiday data'
          : `holiday data until ${horizon.endsOn} (${horizon.daysLeft} days)`;
      if (horizon.warning)
        logger('calendar').warn(
          { lastYear: horizon.lastYear, daysLeft: horizon.daysLeft },
          `calendar: ${summary}; add the next year's holidays (README, "Adding a calendar year")`,
        );
      return summary;
    },
  },
];
