import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { findFreePort, removeEmbeddedCluster } from '@/db/embedded';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

/**
 * What the process tests (*.process.test.ts) share: `npm start`, `npm run worker` and
 * `npm run derbes` spawned as real processes, their output, and plain HTTP to them. Each file
 * runs in a process of its own, beside the others (scripts/test.ts).
 */
export type Portal = {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

const node = (script: string, args: string[] = []) => [process.execPath, ['--import', 'tsx', script, ...args]] as const;
const baseEnv = () => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info' });
const privateDirs: string[] = [];

/** A folder only its owner can enter, like a clone in /root or a fresh `mktemp -d`. */
export function privateDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'derbes-private-'));
  privateDirs.push(dir);
  return dir;
}

export function spawnScript(script: string, env: Record<string, string>, args: string[] = [], detached = false) {
  const [cmd, argv] = node(script, args);
  const child = spawn(cmd, argv, {
    env: { ...baseEnv(), ...env } as unknown as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

/** Starts the portal and resolves once it says "ready"; checks it really is listening then. */
export async function startPortal(env: Record<string, string>, { detached = false } = {}): Promise<Portal> {
  const port = await findFreePort();
  const run = spawnScript('scripts/start.ts', { PORT: String(port), ...env }, [], detached);
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setInterval(() => {
      if (/"msg":"ready: /.test(run.output())) {
        clearInterval(timer);
        resolve(true);
      }
    }, 50);
    void run.exited.then(() => {
      clearInterval(timer);
      resolve(false);
    });
  });
  assert.ok(ready, `the portal did not become ready:\n${run.output()}`);
  // "ready" is logged only once the server listens.
  await new Promise<void>((resolve, reject) =>
    net
      .connect({ host: '127.0.0.1', port })
      .once('connect', function (this: net.Socket) {
        this.destroy();
        resolve();
      })
      .once('error', reject),
  );
  return { ...run, port };
}

export function get(port: number, pathname: string, cookie?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: pathname, agent: false, headers: cookie ? { cookie } : {} }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

/** The PID of the Next.js server, from its own first log line (written once it has started up). */
export async function webPid(portal: Portal): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const line = portal
      .output()
      .split('\n')
      .find((l) => l.includes('"msg":"web server started"'));
    if (line) return JSON.parse(line).pid as number;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`the web server did not log its start:\n${portal.output()}`);
}

/** Sixty page requests in flight (on a warmed-up server) while the portal is asked to stop. */
export async function inFlightWhile(portal: Portal, stop: () => void): Promise<string[]> {
  for (const locale of ['kk', 'ru', 'en']) await get(portal.port, `/${locale}/privacy`);
  const requests = Array.from({ length: 60 }, (_, i) => get(portal.port, `/${['kk', 'ru', 'en'][i % 3]}/privacy`));
  await new Promise((r) => setTimeout(r, 300));
  stop();
  return (await Promise.allSettled(requests)).map((a) =>
    a.status === 'fulfilled' ? String(a.value.status) : String(a.reason),
  );
}

export const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Removes the private folders a file made (and any embedded cluster in them). */
export function removePrivateDirs(): void {
  for (const dir of privateDirs.splice(0)) {
    removeEmbeddedCluster(path.join(dir, 'postgres'));
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A process test file's test database and SMTP sink, made before its tests and removed after them,
 * with the private folders its portals used. `demo()`: a demo portal's environment on them.
 */
export function processFixtures() {
  const fixtures = {
    t: undefined as unknown as TestDatabase,
    sink: undefined as unknown as SmtpSink,
    demo: () => ({ DATABASE_URL: fixtures.t.url, SMTP_URL: `smtp://127.0.0.1:${fixtures.sink.port}` }),
  };
  before(async () => {
    fixtures.t = await createTestDatabase();
    fixtures.sink = await startSmtpSink(0);
  });
  after(async () => {
    await fixtures.sink.stop();
    await fixtures.t.drop();
    removePrivateDirs();
  });
  return fixtures;
}
