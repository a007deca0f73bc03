import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { closeDb, getDb } from '@/db';
import { sendActivityDigests } from '@/lib/activity/digest';
import { every } from '@/lib/jobs/schedule';
import { runRetention } from '@/lib/retention/run';
import { createOutboxWorker } from '@/lib/mail/worker';
import { createSmtpSend, demoMailboxSend } from '@/lib/mail/transport';
import { demoStaff, demoSubjects } from '@/db/seed/demo';
import { loadConfig, log, prepareDatabase } from './runtime';

/**
 * `npm start`: the whole portal with no configuration. Database (embedded or DATABASE_URL),
 * migrations, demo data once, a production build when the sources changed, the Next.js server and
 * the e-mail outbox worker; Ctrl+C stops all of them, the database last.
 * `npm run dev` does the same with the Next.js development server.
 */
const dev = process.argv.includes('--dev');
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
const nextBin = path.resolve('node_modules/next/dist/bin/next');

const SOURCES = ['app', 'components', 'db', 'i18n', 'lib', 'messages', 'public', 'proxy.ts', 'global.d.ts', 'next.config.mjs', 'package.json', 'postcss.config.mjs', 'tsconfig.json'];

function newestSourceTime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return entry.endsWith('.test.ts') ? 0 : stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newestSourceTime(path.join(entry, name))));
}

function buildIsStale(): boolean {
  const buildId = '.next/BUILD_ID';
  if (!existsSync(buildId)) return true;
  return Math.max(...SOURCES.map(newestSourceTime)) > statSync(buildId).mtimeMs;
}

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, ...args], { stdio: 'inherit', env: process.env });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next ${args[0]} exited with ${code}`))));
  });
}

async function main() {
  const { dataDir, port } = loadConfig();
  const embedded = await prepareDatabase(dataDir, { seedDemo: process.env.SEED_DEMO !== 'false' });

  let next: ChildProcess | null = null;
  const worker = createOutboxWorker({
    db: getDb(),
    send: process.env.SMTP_URL ? createSmtpSend(process.env.SMTP_URL) : demoMailboxSend,
    redactSignInLinks: Boolean(process.env.SMTP_URL),
    log,
  });

  let stopJobs: (() => Promise<void>) | null = null;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping');
    if (next && next.exitCode === null) {
      const exited = new Promise((resolve) => next!.once('exit', resolve));
      next.kill('SIGTERM');
      await exited;
    }
    await stopJobs?.();
    await worker.stop().catch(() => {});
    await closeDb();
    await embedded?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    if (!dev && (buildIsStale() || process.env.FORCE_BUILD === '1')) {
      log('building the portal (next build)');
      await run(['build']);
    }
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    return shutdown(1);
  }

  await worker.start();
  const stopDigests = every(5 * 60_000, () => sendActivityDigests(getDb()), log, 'activity e-mails');
  // Art. 12(2), 18: the retention check runs at start and then daily.
  const stopRetention = every(24 * 60 * 60_000, () => runRetention(getDb()), log, 'retention');
  stopJobs = async () => {
    await Promise.all([stopDigests(), stopRetention()]);
  };
  log(process.env.SMTP_URL ? 'e-mail: SMTP_URL' : 'e-mail: demo mailbox (SMTP_URL is not set)');
  next = spawn(process.execPath, [nextBin, dev ? 'dev' : 'start', '-p', String(port)], { stdio: 'inherit', env: process.env });
  next.on('exit', (code) => {
    if (!stopping) {
      log(`the Next.js server exited (${code})`);
      void shutdown(code ?? 1);
    }
  });
  log(`ready: ${process.env.AUTH_URL}`);
  if (!process.env.SMTP_URL) {
    log(`demo accounts: ${[...Object.values(demoSubjects), ...demoStaff.map((s) => s.email)].join(', ')}`);
    log(`sign-in links appear at ${process.env.AUTH_URL}/en/demo-mailbox`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
