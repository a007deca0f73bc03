import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { closeDb, getDb } from '@/db';
import { startEmbeddedPostgres, type EmbeddedServer } from '@/db/embedded';
import { migrateDatabase } from '@/db/migrate';
import { isDemoSeeded, seedDemoData } from '@/db/seed/demo';
import { seedReferenceData } from '@/db/seed/reference';
import { users } from '@/db/schema/auth';
import { eq } from 'drizzle-orm';

/**
 * What `npm start` and the end-to-end tests share: configuration with defaults, the database
 * (embedded unless DATABASE_URL is given), migrations and seeding.
 */
export const log = (line: string) => console.log(`[derbes] ${line}`);

export function loadConfig() {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const dataDir = path.resolve(process.env.DERBES_DATA_DIR ?? '.data');
  mkdirSync(dataDir, { recursive: true });
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`PORT must be a port number, not "${process.env.PORT}"`);
  process.env.PORT = String(port);
  process.env.AUTH_URL ??= `http://localhost:${port}`;
  process.env.AUTH_SECRET ??= persistentSecret(path.join(dataDir, 'auth-secret'));
  return { dataDir, port };
}

/** A random secret kept in the data folder, so sessions survive a restart without configuration. */
function persistentSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  log(`AUTH_SECRET is not set: generated one in ${file} (set AUTH_SECRET in production)`);
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Uses DATABASE_URL, or starts the embedded server in the data folder and points DATABASE_URL at it. */
export async function prepareDatabase(dataDir: string, { seedDemo }: { seedDemo: boolean }): Promise<EmbeddedServer | null> {
  let embedded: EmbeddedServer | null = null;
  if (!process.env.DATABASE_URL) {
    log(`DATABASE_URL is not set: starting the embedded PostgreSQL server (${path.join(dataDir, 'postgres')})`);
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'postgres'),
      database: 'derbes',
      port: process.env.EMBEDDED_PG_PORT ? Number(process.env.EMBEDDED_PG_PORT) : undefined,
      // Only problems reach the console; connections closed by our own shutdown are not problems.
      log: (line) => (/FATAL|ERROR|PANIC/.test(line) && !/due to administrator command/.test(line) ? console.error(`[postgres] ${line}`) : undefined),
    });
    process.env.DATABASE_URL = embedded.url;
  }
  try {
    await migrateDatabase(process.env.DATABASE_URL!);
    const db = getDb();
    await db.transaction(async (tx) => {
      await seedReferenceData(tx);
      // A first admin for a fresh production database, who then adds everyone else.
      if (process.env.ADMIN_EMAIL) {
        const email = process.env.ADMIN_EMAIL.trim().toLowerCase();
        const admins = await tx.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).limit(1);
        if (admins.length === 0) {
          await tx.insert(users).values({ email, name: email, role: 'admin' }).onConflictDoUpdate({ target: users.email, set: { role: 'admin' } });
          log(`ADMIN_EMAIL: ${email} is the first admin`);
        }
      }
      if (seedDemo && !(await isDemoSeeded(tx))) {
        log('seeding the demo operator, its staff and subjects');
        await seedDemoData(tx);
      }
    });
  } catch (error) {
    await closeDb();
    await embedded?.stop();
    throw error;
  }
  return embedded;
}
