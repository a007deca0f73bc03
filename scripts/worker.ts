import { getDb } from '@/db';
import { startBackgroundWork } from '@/lib/jobs/background';
import { logger } from '@/lib/log';
import { closeDatabase, connectDatabase, describeFailure, fail, loadConfiguration, prepareDatabase } from './runtime';

/**
 * `npm run worker`: the e-mail outbox worker, the webhook deliveries and the scheduled jobs
 * (activity e-mails, retention, the calendar check), apart from the web server. Run as many as you like against one database:
 * every e-mail leaves once and every schedule runs once. SIGTERM or SIGINT finishes the e-mail in
 * hand and the job running, then exits 0.
 */
const log = logger('worker');

async function main() {
  const config = loadConfiguration();
  // In demo mode, the embedded server `npm start` runs (or one started for this worker).
  const embedded = await connectDatabase(config, { shareRunning: true });
  let stop: (() => Promise<void>) | null = null;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping');
    await stop?.().catch((error) => log.error({ err: error }, 'stopping the jobs failed'));
    await closeDatabase(embedded);
    log.info('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  try {
    await prepareDatabase(config);
    stop = (await startBackgroundWork(getDb())).stop;
    log.info(`worker ready (stop with SIGTERM to process ${process.pid})`);
  } catch (error) {
    for (const line of describeFailure(error)) process.stderr.write(`derbes: ${line}\n`);
    await shutdown(1);
  }
}

main().catch((error) => fail(describeFailure(error)));
