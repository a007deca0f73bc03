import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { findLastSuccessfulRun } from '@/db/queries/jobs';
import { findOutboxStatus, type OutboxStatus } from '@/db/queries/mail';
import { findWebhookStatus, type WebhookStatus } from '@/db/queries/webhooks';
import { findCalendarHorizon, type CalendarHorizon } from '@/lib/deadlines/horizon';

/**
 * What an engineer supervising the portal needs at a glance, from a few indexed queries:
 * the database, the e-mail outbox, the webhook deliveries, the last retention run, the last audit seal run, the calendar's
 * horizon. `status` is "ok", "warn" (the calendar ends within 90 days, e-mails or webhook deliveries have failed, the
 * oldest pending e-mail is older than 15 minutes, or retention or the audit seal has not run for
 * two days) or "down".
 */
export type HealthStatus = {
  status: 'ok' | 'warn';
  database: 'reachable';
  outbox: OutboxStatus;
  webhooks: WebhookStatus;
  retention: { lastRunAt: string | null };
  auditSeal: { lastRunAt: string | null };
  calendar: { lastYearWithHolidays: number | null; endsOn: string | null; daysLeft: number | null };
  warnings: string[];
};

const STALE_EMAIL_SECONDS = 15 * 60;
const DAILY_JOB_LATE_MS = 2 * 24 * 60 * 60 * 1000;

export async function checkHealth(db: Db, now = new Date()): Promise<HealthStatus> {
  await db.execute(sql`select 1`);
  const [outbox, webhooks, lastRetention, lastSeal, horizon] = await Promise.all([
    findOutboxStatus(db),
    findWebhookStatus(db),
    findLastSuccessfulRun(db, 'retention'),
    findLastSuccessfulRun(db, 'audit-seal'),
    findCalendarHorizon(db, now),
  ]);
  const warnings = warningsFor(outbox, webhooks, { retention: lastRetention, 'audit seal': lastSeal }, horizon, now);
  return {
    status: warnings.length ? 'warn' : 'ok',
    database: 'reachable',
    outbox,
    webhooks,
    retention: { lastRunAt: lastRetention?.toISOString() ?? null },
    auditSeal: { lastRunAt: lastSeal?.toISOString() ?? null },
    calendar: { lastYearWithHolidays: horizon.lastYear, endsOn: horizon.endsOn, daysLeft: horizon.daysLeft },
    warnings,
  };
}

function warningsFor(
  outbox: OutboxStatus,
  webhooks: WebhookStatus,
  dailyRuns: Record<string, Date | null>,
  horizon: CalendarHorizon,
  now: Date,
): string[] {
  const warnings: string[] = [];
  if (horizon.warning)
    warnings.push(
      horizon.lastYear === null ? 'calendar: no holiday data' : `calendar: holiday data ends ${horizon.endsOn}`,
    );
  if (outbox.failed > 0) warnings.push(`outbox: ${outbox.failed} e-mail(s) failed`);
  if ((outbox.oldestPendingSeconds ?? 0) > STALE_EMAIL_SECONDS)
    warnings.push(`outbox: the oldest pending e-mail waits ${outbox.oldestPendingSeconds} s`);
  // Deliveries that gave up after 24 hours of attempts: the admin sees them in the delivery log.
  if (webhooks.failed > 0) warnings.push(`webhooks: ${webhooks.failed} delivery(ies) failed`);
  // A daily job that stopped succeeding (retention; the audit seal, e.g. its file not writable).
  for (const [job, lastRun] of Object.entries(dailyRuns))
    if (!lastRun || now.getTime() - lastRun.getTime() > DAILY_JOB_LATE_MS)
      warnings.push(`${job}: no successful run in the last two days`);
  return warnings;
}
