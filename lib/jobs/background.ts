import type { Db } from '@/db';
import { chainAuditEvents } from '@/db/audit-chain';
import { env } from '@/lib/env';
import { createImportRunner } from '@/lib/import/runner';
import { logger } from '@/lib/log';
import { configuredSend } from '@/lib/mail/transport';
import { createOutboxWorker } from '@/lib/mail/worker';
import { createWebhookWorker } from '@/lib/webhooks/worker';
import { scheduledJobs } from './catalogue';
import { startScheduler } from './scheduler';

/**
 * Everything that runs beside the web server: the e-mail outbox worker, the webhook deliveries
 * (lib/webhooks/worker.ts), the back office's imports (lib/import/runner.ts) and the scheduled jobs.
 * `npm run worker` runs it as its own process; `npm start` runs it in-process when asked
 * (JOBS_IN_PROCESS, the default in demo mode). Any number may run against one database. It also
 * chains the audit events a crashed process left pending, at start and every few seconds.
 */
/** How often the audit events a dead process left unchained are chained (db/audit-chain.ts). */
const AUDIT_SWEEP_MS = 5000;

export async function startBackgroundWork(db: Db): Promise<{ stop: () => Promise<void> }> {
  // A write's audit events are chained by its own process right after its commit; a process that
  // died in between left them committed in audit_events_pending: chained now and every few seconds.
  const sweepLog = logger('audit');
  const sweep = () =>
    chainAuditEvents(db).catch((error) => sweepLog.error({ err: error }, 'audit: chaining the pending events failed'));
  await sweep();
  const sweeping = setInterval(() => void sweep(), AUDIT_SWEEP_MS);
  sweeping.unref();
  const worker = createOutboxWorker({
    db,
    send: configuredSend(),
    // In production the outbox keeps no live sign-in link once it is sent; the demo mailbox shows them.
    redactSignInLinks: env().isProduction,
    log: logger('outbox'),
  });
  await worker.start();
  const webhooks = createWebhookWorker({ db, log: logger('webhooks') });
  await webhooks.start();
  const imports = createImportRunner({ db, log: logger('import') });
  await imports.start();
  const scheduler = startScheduler(db, scheduledJobs, logger('jobs'));
  logger('outbox').info(
    env().SMTP_URL ? 'e-mail: sending through SMTP_URL' : 'e-mail: demo mailbox only (SMTP_URL is not set)',
  );
  return {
    async stop() {
      clearInterval(sweeping);
      await scheduler.stop();
      await imports.stop();
      await webhooks.stop();
      await worker.stop();
    },
  };
}
