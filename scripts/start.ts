import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { getDb } from '@/db';
import { demoStaff, demoSubjects } from '@/db/seed/demo';
import { startBackgroundWork } from '@/lib/jobs/background';
import { localePath } from '@/i18n/paths';
import { absoluteUrl, childEnv } from '@/lib/env';
import { logger } from '@/lib/log';
import { buildIsStale, buildPortal, STANDALONE_SERVER, WEB_SERVER_NODE_FLAGS } from './build';
import { closeDatabase, connectDatabase, describeFailure, fail, loadConfiguration, prepareDatabase } from './runtime';

/**
 * `npm start`: the portal, supervised. Configuration (refused when unsafe), the database (embedded
 * in demo mode), migrations, demo data in demo mode, a standalone production build when the
 * sources changed, then the Next.js server as a child process, and the e-mail worker and jobs
 * in-process when JOBS_IN_PROCESS (the demo's default; production runs `npm run worker`).
 * - "ready" is logged once the server answers on its port.
 * - If the server dies for any reason (even kill -9), this process stops everything and exits 1
 *   within seconds, so a supervisor (systemd, a container runtime) restarts it.
 * - SIGTERM or SIGINT stops gracefully: the server stops accepting and drains in-flight requests,
 *   then the jobs stop, then the database pool closes, then the embedded server stops, last.
 * `npm run dev` does the same with the Next.js development server.
 */
const dev = process.argv.includes('--dev');
const log = logger('start');
const STOP_TIMEOUT_MS = 30_000;

const nextBin = path.resolve('node_modules/next/dist/bin/next');

/** Resolves once something accepts connections on host:port; rejects if `child` exits first. */
function waitUntilListening(host: string, port: number, child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let done = false;
    child.once('exit', () => {
      if (!done) reject(new Error('the Next.js server exited before it was ready'));
    });
    const attempt = () => {
      const socket = net.connect({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        done = true;
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (!done && child.exitCode === null && child.signalCode === null) setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

async function main() {
  const config = loadConfiguration();
  log.info({ mode: config.DERBES_MODE }, `starting in ${config.DERBES_MODE} mode`);
  const embedded = await connectDatabase(config);
  let web: ChildProcess | null = null;
  let background: Awaited<ReturnType<typeof startBackgroundWork>> | null = null;
  let stopping = false;

  const shutdown = async (code: number, reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'stopping');
    const child = web;
    if (child && child.exitCode === null && child.signalCode === null) {
      // The server stops accepting and finishes what it is serving (Next.js handles SIGTERM so).
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    await background?.stop().catch((error) => log.error({ err: error }, 'stopping the jobs failed'));
    await closeDatabase(embedded);
    log.info('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0, 'SIGINT'));
  process.on('SIGTERM', () => void shutdown(0, 'SIGTERM'));

  try {
    await prepareDatabase(config);
    if (!dev && (buildIsStale() || config.FORCE_BUILD)) {
      log.info('building the portal (next build)');
      await buildPortal();
    }
    if (config.JOBS_IN_PROCESS) background = await startBackgroundWork(getDb());
    else log.info('jobs and e-mail run in their own process: `npm run worker`');

    const host = config.HOST;
    const port = config.PORT;
    const args = dev
      ? [nextBin, 'dev', '-H', host, '-p', String(port)]
      : // The standalone server, with our draining stop and stopped with this process even if this
        // process is killed outright (scripts/web-lifecycle.mjs).
        [
          ...WEB_SERVER_NODE_FLAGS,
          '--import',
          pathToFileURL(path.resolve('scripts/web-lifecycle.mjs')).href,
          STANDALONE_SERVER,
        ];
    web = spawn(process.execPath, args, {
      stdio: 'inherit',
      env: childEnv({
        PORT: String(port),
        HOSTNAME: host,
        NEXT_TELEMETRY_DISABLED: '1',
        // Migrations are done: the web server, which faces the internet, never holds the owner's password.
        DATABASE_OWNER_URL: '',
        ...(dev ? {} : { NODE_ENV: 'production', NEXT_MANUAL_SIG_HANDLE: 'true' }),
      }),
    });
    web.on('exit', (code, signal) => {
      if (stopping) return;
      log.error({ code, signal }, `the Next.js server stopped unexpectedly (${signal ?? `exit code ${code}`})`);
      void shutdown(1, 'the web server died');
    });
    await waitUntilListening(host === '0.0.0.0' ? '127.0.0.1' : host, port, web);
    log.info(
      { listening: `${host}:${port}` },
      `ready: ${config.AUTH_URL} (stop with SIGTERM to process ${process.pid})`,
    );
    if (!config.isProduction) {
      // For the person trying the demo, in plain words (the log would mask the fictional addresses).
      const accounts = [...Object.values(demoSubjects), ...demoStaff.map((s) => s.email)].join(', ');
      process.stdout.write(
        `\nDerbes demo: open ${config.AUTH_URL} (listening on ${host} only).\n` +
          `Sign in as one of ${accounts};\nthe sign-in links appear in the demo mailbox, ${absoluteUrl(localePath('en', '/demo-mailbox'))}\n\n`,
      );
    }
  } catch (error) {
    if (!stopping) {
      for (const line of describeFailure(error)) process.stderr.write(`derbes: ${line}\n`);
      await shutdown(1, 'start failed');
    }
  }
}

main().catch((error) => fail(describeFailure(error)));
