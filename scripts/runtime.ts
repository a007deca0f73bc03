import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { closeDb, getDb } from '@/db';
import { EmbeddedPostgresError, openEmbeddedPostgres, startEmbeddedPostgres, type EmbeddedServer } from '@/db/embedded';
import { migrateDatabase } from '@/db/migrate';
import { findApplicationRoleProblems } from '@/db/roles';
import { findTextFoldingProblem } from '@/db/text-folding';
import { isDemoSeeded, seedDemoData } from '@/db/seed/demo';
import { seedReferenceData } from '@/db/seed/reference';
import { publishFirstNoticeVersion } from '@/lib/privacy-notice/versions';
import { applyEnv, ConfigError, env, type Env, type VariableName } from '@/lib/env';
import { loadDotEnv } from '@/lib/env-file';
import { logger, scrub } from '@/lib/log';
import { makeAdmin } from '@/lib/staff/manage';

/**
 * What `npm start`, `npm run worker` and `npm run derbes` share: the configuration (with a clear
 * refusal when it is wrong), the database (the embedded server in demo mode unless DATABASE_URL is
 * given), migrations and seeding, and the one-line answer to anything that stops a start.
 */

/** Stops the process with one line on stderr: what is wrong and what to do. Never a stack trace. */
export function fail(lines: string | string[], code = 1): never {
  for (const line of Array.isArray(lines) ? lines : [lines]) process.stderr.write(`derbes: ${line}\n`);
  process.exit(code);
}

/** One line for an error that stopped a start or a command. */
export function describeFailure(error: unknown): string[] {
  if (error instanceof ConfigError) return error.problems.map((p) => `configuration: ${p}`);
  if (error instanceof EmbeddedPostgresError) return [error.message];
  // Drizzle wraps the driver's error (and its message repeats the query): the cause says what happened.
  let root = error;
  while (root instanceof Error && root.cause instanceof Error) root = root.cause;
  const e = root as NodeJS.ErrnoException & { code?: string };
  const where = 'the database at DATABASE_URL';
  switch (e?.code ?? '') {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
    case 'CONNECT_TIMEOUT':
      return [`${where} cannot be reached (${e.code}): check the host and port, and that the server runs`];
    case '28P01':
    case '28000':
      return [`${where} refused the user name or password (${e.code})`];
    case '3D000':
      return [`${where} does not exist (${e.code}): create it first (createdb)`];
    case '42501':
      return [`${where}: the user lacks a privilege it needs (${e.code}); see README, "Going to production"`];
    case 'EACCES':
    case 'EPERM':
      return [`permission denied (${e.code}): ${scrub(e.message)}`];
    case 'ENOSPC':
      return ['the disk is full (ENOSPC): free some space and start again'];
    case 'EADDRINUSE':
      return [`the port is taken (${scrub(e.message)}): set PORT to a free one`];
  }
  const message = root instanceof Error ? root.message : String(root);
  return [scrub(message.split('\n')[0] ?? message)];
}

/**
 * Reads `.env` and the environment into the configuration, or stops with each problem on its own
 * line. In demo mode a missing AUTH_SECRET is generated once into the data folder.
 */
export function loadConfiguration(): Env {
  const dotenv = loadDotEnv('.env');
  if (dotenv.errors.length) fail(dotenv.errors.map((e) => `configuration: ${e}`));
  let config: Env;
  try {
    config = env();
  } catch (error) {
    fail(describeFailure(error));
  }
  for (const warning of dotenv.warnings) logger('config').warn(warning);
  if (!config.isProduction && !config.AUTH_SECRET) {
    config = applyEnv({ AUTH_SECRET: persistentSecret(path.join(dataDir(config), 'auth-secret'), 'AUTH_SECRET') });
  }
  if (!config.isProduction && !config.AUDIT_SEAL_KEY) {
    // Beside the demo's database, which is fine for a demo only: production requires the variable.
    const file = path.join(dataDir(config), 'audit-seal-key');
    config = applyEnv({ AUDIT_SEAL_KEY: persistentSecret(file, 'AUDIT_SEAL_KEY') });
  }
  // Auth.js reads its base address from AUTH_URL itself: give it the demo's default too.
  return applyEnv({ AUTH_URL: config.AUTH_URL });
}

export function dataDir(config: Env): string {
  const dir = path.resolve(config.DERBES_DATA_DIR);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A random secret kept in the data folder, so demo sessions (and seals) survive a restart without configuration. */
function persistentSecret(file: string, name: VariableName): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  logger('config').info(`${name} is not set: generated one in the data folder (demo mode)`);
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

const postgresLog = (line: string) => {
  // Only problems are worth a line; connections closed by our own shutdown are not problems.
  if (/FATAL|ERROR|PANIC/.test(line) && !/due to administrator command/.test(line)) logger('postgres').warn(line);
};

/**
 * The database for this process. In production DATABASE_URL is required (checked by the
 * configuration); in demo mode without it, the embedded server in the data folder: started here
 * (`shared: false`) or, for the command line, the one the running portal already started.
 */
export async function connectDatabase(config: Env, { shareRunning = false } = {}): Promise<EmbeddedServer | null> {
  if (config.DATABASE_URL) return null;
  const options = {
    dataDir: path.join(dataDir(config), 'postgres'),
    database: 'derbes',
    port: config.EMBEDDED_PG_PORT,
    log: postgresLog,
  };
  const embedded = shareRunning ? await openEmbeddedPostgres(options) : await startEmbeddedPostgres(options);
  // As in production: the portal connects as the application role, migrations run as the owner.
  applyEnv({ DATABASE_URL: embedded.appUrl, DATABASE_OWNER_URL: embedded.url });
  return embedded;
}

/**
 * Migrations as the owner (DATABASE_OWNER_URL, or DATABASE_URL itself when only that is given, in
 * demo mode), then the application role's grants (db/roles.ts).
 */
export async function migrate(config: Env = env()): Promise<void> {
  const appUrl = config.DATABASE_URL!;
  await migrateDatabase(config.DATABASE_OWNER_URL ?? appUrl, appUrl);
}

/**
 * Art. 22(1)(5): the portal's own role must not be able to rewrite the audit trail. Production
 * refuses to start on a role that could (a warning in a log nobody reads would leave the
 * guarantee false without anyone knowing, and production mode already refuses unsafe settings);
 * the demo, or tests given one superuser URL, only warn.
 */
async function checkApplicationRole(config: Env): Promise<void> {
  const problems = await findApplicationRoleProblems(getDb());
  if (problems.length === 0) return;
  const advice =
    'connect DATABASE_URL as the application role and migrate with DATABASE_OWNER_URL (README, "Going to production")';
  if (config.isProduction) throw new ConfigError(problems.map((p) => `${p}: ${advice}`));
  for (const problem of problems) logger('start').warn(`${problem} (allowed in demo mode only)`);
}

/**
 * Searches by name need the database to fold Kazakh and Russian capitals (db/text-folding.ts):
 * production refuses to start on one that does not, as on any unsafe setting; the demo's embedded
 * database is created with C.UTF-8, and elsewhere the demo warns.
 */
async function checkTextFolding(config: Env): Promise<void> {
  const problem = await findTextFoldingProblem(getDb());
  if (!problem) return;
  const advice = 'README, "Going to production"';
  if (config.isProduction) throw new ConfigError([`${problem} (${advice})`]);
  logger('start').warn(`${problem} (allowed in demo mode only)`);
}

/**
 * Migrations (one process at a time, under an advisory lock, so instances starting together do not
 * race), the check that the portal's role cannot rewrite the audit trail, the reference data, the
 * first admin from ADMIN_EMAIL, and the demo operator in demo mode.
 */
export async function prepareDatabase(config: Env): Promise<void> {
  const log = logger('start');
  await migrate(env());
  await checkApplicationRole(config);
  await checkTextFolding(config);
  const db = getDb();
  await db.transaction(async (tx) => {
    // Seeding is serialized the same way: two instances must not both seed.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('derbes:seed'))`);
    await seedReferenceData(tx);
    if (config.ADMIN_EMAIL && (await makeAdmin(tx, config.ADMIN_EMAIL, { onlyIfNoAdmin: true }))) {
      log.info('ADMIN_EMAIL is the first admin');
    }
    if (config.SEED_DEMO && !(await isDemoSeeded(tx))) {
      log.info('seeding the demo operator, its staff and subjects');
      await seedDemoData(tx);
    }
    // A demo database from before notice versions existed gets its inventory as version 1. Any
    // other installation's first version is the dpo's approval (/admin/inventory/draft).
    if (config.SEED_DEMO && (await isDemoSeeded(tx))) await publishFirstNoticeVersion(tx);
  });
}

/** Closes the pool and stops an embedded server this process started. */
export async function closeDatabase(embedded: EmbeddedServer | null): Promise<void> {
  await closeDb().catch(() => {});
  await embedded?.stop();
}
