import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  createDatabaseIfMissing,
  findFreePort,
  removeEmbeddedCluster,
  startEmbeddedPostgres,
  type EmbeddedServer,
} from '@/db/embedded';
import postgres from 'postgres';
import { migrateDatabase } from '@/db/migrate';
import { buildIsStale, buildPortal } from './build';

/**
 * `npm test`: typecheck, lint, unit and integration tests (node's test runner, against a real
 * PostgreSQL server started here), then the end-to-end tests (Playwright in Chromium against the
 * built portal, a real SMTP sink and its own database). Ends with "N passed, N failed".
 * `npm test -- unit`, `npm test -- e2e` or `npm test -- process` runs one stage; files after it run only those
 * (`npm test -- unit lib/mail/worker.test.ts`, `npm test -- e2e e2e/auth.spec.ts`).
 *
 * The whole run keeps both cores busy: the checks, the unit tests and the portal's build run side
 * by side (each one's output is printed in one piece when it ends), the end-to-end tests from the
 * moment the build is done (printing as they run), then the process tests. Each stage's line in the
 * summary gives its wall time.
 */
type Stage = { name: string; passed: number; failed: number; ok: boolean; seconds: number };
const stages: Stage[] = [];
const only = process.argv[2];
const dataDir = path.resolve('.data/test');

/**
 * Set while stages run side by side: their output is kept and printed in one piece when each ends,
 * except the end-to-end tests' (`live`), which go on printing as they run.
 */
let sideBySide = false;

function exec(
  command: string,
  args: string[],
  env: Record<string, string> = {},
  title = '',
  { live = false } = {},
): Promise<number> {
  const buffered = sideBySide && !live;
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: { ...process.env, ...env },
    });
    const output: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('exit', (code) => {
      if (!buffered) return resolve(code ?? 1);
      // The rest of its output, unless a process it left behind holds the pipe open.
      const closed = new Promise((done) => child.once('close', done));
      void Promise.race([closed, new Promise((done) => setTimeout(done, 5_000))]).then(() => {
        process.stdout.write(`\n=== ${title} ===\n${Buffer.concat(output).toString()}`);
        resolve(code ?? 1);
      });
    });
  });
}

const seconds = (started: number) => Math.round((performance.now() - started) / 1000);
const duration = (s: number) => `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;

const npx = (bin: string) => path.resolve('node_modules/.bin', bin);

/** Unit and integration tests end in `.test.ts`; those that run the built portal as processes in `.process.test.ts`. */
function findTests(dir: string, suffix: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', '.next', '.data', '.git', 'e2e'].includes(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findTests(full, suffix, found);
    else if (entry.name.endsWith(suffix) && (suffix !== '.test.ts' || !entry.name.endsWith('.process.test.ts')))
      found.push(path.relative('.', full));
  }
  return found.sort();
}

/** A fresh server for one stage; `stop` also removes its cluster (which may live outside the project, see db/embedded.ts). */
async function startTestPostgres(name: string): Promise<EmbeddedServer> {
  const dir = path.join(dataDir, name);
  removeEmbeddedCluster(dir);
  const server = await startEmbeddedPostgres({ dataDir: dir, database: 'derbes_template' });
  await throwaway(server.adminUrl, { autovacuum: name === 'e2e' });
  return {
    ...server,
    stop: async () => {
      await server.stop();
      removeEmbeddedCluster(dir);
    },
  };
}

/**
 * A test cluster lives for one stage and is removed after it: nothing it writes must survive a
 * crash, so it need not wait for the disk (every test database made from the template, every
 * commit). What the tests see of the database is the same. Where each test file has databases of
 * its own (the unit and process stages), no autovacuum either: its ANALYZE landing in the middle
 * of a test at a moment that depends on the machine's load changed a query plan a test asserts
 * (db/queries/queue.test.ts); the portal under the end-to-end tests keeps it, as in production.
 */
async function throwaway(adminUrl: string, { autovacuum }: { autovacuum: boolean }) {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    for (const setting of ['fsync', 'synchronous_commit', 'full_page_writes', ...(autovacuum ? [] : ['autovacuum'])])
      await sql.unsafe(`alter system set ${setting} = off`);
    await sql`select pg_reload_conf()`;
  } finally {
    await sql.end();
  }
}

/** One check: passes when the command exits 0. */
async function check(name: string, command: string, args: string[]) {
  const started = performance.now();
  const code = await exec(command, args, {}, name);
  const ok = code === 0;
  stages.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, ok, seconds: seconds(started) });
}

/**
 * The checks side by side, beside the unit tests; the build once the typecheck is done, so that
 * the files `next build` writes (next-env.d.ts and what it names) never change under `tsc`, and
 * without its own type check (`tsc` has just checked the whole project, the tests too); the
 * end-to-end tests as soon as the build is done, beside what is left of the others.
 */
async function checksUnitBuildAndE2e() {
  await Promise.all([
    check('typecheck', npx('tsc'), ['--noEmit'])
      .then(() => build({ typesChecked: true }))
      .then(e2e),
    check('lint', npx('eslint'), ['--max-warnings', '0', '.']),
    check('format', npx('prettier'), ['--check', '.']),
    // The deployment files: systemd units verified, commands that exist, the image's contents.
    check('deploy', 'bash', ['deploy/check.sh']),
    unit(),
  ]);
}

async function nodeTests(stage: 'unit' | 'process', files: string[], concurrency: number) {
  const started = performance.now();
  const pg = await startTestPostgres(stage);
  try {
    // Migrated as the owner and granted to the application role: every test database copied from
    // this template has both (db/testing.ts).
    await migrateDatabase(pg.url, pg.appUrl);
    const tap = path.join(dataDir, `${stage}.tap`);
    const code = await exec(
      process.execPath,
      [
        '--import',
        'tsx',
        '--test',
        `--test-concurrency=${concurrency}`,
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=tap',
        `--test-reporter-destination=${tap}`,
        ...files,
      ],
      { TEST_PG_ADMIN_URL: pg.adminUrl, TEST_PG_APP_URL: pg.appUrl, TEST_PG_TEMPLATE: 'derbes_template' },
      `${stage} tests`,
    );
    const report = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
    const count = (key: string) => Number(new RegExp(`^# ${key} (\\d+)`, 'm').exec(report)?.[1] ?? 0);
    stages.push({
      name: stage,
      passed: count('pass'),
      failed: count('fail') + (code !== 0 && count('fail') === 0 ? 1 : 0),
      ok: code === 0,
      seconds: seconds(started),
    });
  } finally {
    await pg.stop();
  }
}

const filesGiven = (stage: string) => (only === stage && process.argv.length > 3 ? process.argv.slice(3) : null);

async function unit() {
  console.log('\n=== unit and integration tests ===');
  await nodeTests('unit', filesGiven('unit') ?? findTests('.', '.test.ts'), 2);
}

/** npm start, the worker and the command line as processes, on the standalone build (made here if stale). */
async function processes() {
  console.log('\n=== processes: npm start, the worker, the command line ===');
  if (buildIsStale()) await buildPortal();
  // Two files side by side (how the portal starts; how it stops): most of their time is waiting on
  // the processes they start, and nothing else runs in this stage.
  await nodeTests('process', filesGiven('process') ?? findTests('.', '.process.test.ts'), 2);
}

async function e2e() {
  console.log('\n=== end-to-end tests (Playwright, Chromium) ===');
  const started = performance.now();
  const pg = await startTestPostgres('e2e');
  const results = path.join(dataDir, 'e2e-results.json');
  rmSync(results, { force: true });
  try {
    // Two portals on the one build and database (playwright.config.ts), unless E2E_SERVERS says otherwise.
    const servers = Number(process.env.E2E_SERVERS ?? 2);
    const [smtpPort, sinkHttpPort, ...ports] = await Promise.all(
      Array.from({ length: 2 + servers }, () => findFreePort()),
    );
    // `npm start` migrates and seeds this database itself, exactly as in production.
    await createDatabaseIfMissing(pg.url, 'derbes_e2e');
    const e2eUrl = new URL(pg.url);
    e2eUrl.pathname = '/derbes_e2e';
    const e2eAppUrl = new URL(pg.appUrl);
    e2eAppUrl.pathname = '/derbes_e2e';
    const code = await exec(
      npx('playwright'),
      ['test', ...process.argv.slice(3)],
      {
        // The fixtures write as the owner; the portal connects as the application role, as in production.
        E2E_DATABASE_URL: e2eUrl.toString(),
        E2E_APP_DATABASE_URL: e2eAppUrl.toString(),
        E2E_PG_ADMIN_URL: pg.url,
        E2E_PORTS: ports.join(','),
        E2E_SMTP_PORT: String(smtpPort),
        E2E_SMTP_HTTP_PORT: String(sinkHttpPort),
        PLAYWRIGHT_JSON_OUTPUT_NAME: results,
      },
      'end-to-end tests',
      { live: true },
    );
    const stats = existsSync(results) ? (JSON.parse(readFileSync(results, 'utf8')).stats ?? {}) : {};
    const passed = (stats.expected ?? 0) + (stats.flaky ?? 0);
    const failed = (stats.unexpected ?? 0) + (code !== 0 && !stats.unexpected ? 1 : 0);
    stages.push({ name: 'e2e', passed, failed, ok: code === 0, seconds: seconds(started) });
  } finally {
    await pg.stop();
  }
}

/** The build the end-to-end and process tests run (npm start and the process stage make it when stale). */
async function build({ typesChecked = false } = {}) {
  if (!buildIsStale()) return;
  const started = performance.now();
  console.log('\n=== build (next build, beside the other checks and the unit tests) ===');
  const ok = await buildPortal({ typesChecked }).then(
    () => true,
    (error: unknown) => (console.error(error), false),
  );
  stages.push({ name: 'build', passed: 0, failed: ok ? 0 : 1, ok, seconds: seconds(started) });
}

async function main() {
  const started = performance.now();
  if (!only) {
    sideBySide = true;
    await checksUnitBuildAndE2e();
    sideBySide = false;
  }
  if (only === 'unit') await unit();
  if (only === 'e2e') await e2e();
  if (!only || only === 'process') await processes();
  const passed = stages.reduce((n, s) => n + s.passed, 0);
  const failed = stages.reduce((n, s) => n + s.failed, 0);
  console.log(
    '\n' +
      stages
        .map((s) => `${s.ok ? '✔' : '✖'} ${s.name}: ${s.passed} passed, ${s.failed} failed (${duration(s.seconds)})`)
        .join('\n') +
      `\nin ${duration(seconds(started))}`,
  );
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && stages.every((s) => s.ok) ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
