import { randomBytes } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import postgres from 'postgres';
import { drizzleOver, type Db } from '@/db';
import { deadlinePolicies, statutoryDeadlines, type DeadlineCode } from './schema/calendar';
import { dataCategories } from './schema/inventory';
import { dataItems, subjects } from './schema/subjects';
import { seedDemoData } from './seed/demo';
import { seedReferenceData } from './seed/reference';

/**
 * A fresh, migrated database for one integration test file, on the real PostgreSQL server that
 * scripts/test.ts started (or the one TEST_DATABASE_URL names). Each file gets its own copy of the
 * migrated template, so files run in parallel without seeing each other's rows.
 */
export type TestDatabase = {
  /** As the owner (the server's superuser): fixtures, and tests that tamper on purpose. */
  db: Db;
  url: string;
  /** The same database as the application role the portal connects as (db/roles.ts). */
  appUrl: string;
  drop: () => Promise<void>;
};

export async function createTestDatabase(): Promise<TestDatabase> {
  // The test harness's own variables (set by scripts/test.ts), not the portal's configuration:
  // lib/env.ts declares what the portal reads; ESLint lists the harness files allowed to read these.
  const adminUrl = process.env.TEST_PG_ADMIN_URL;
  const template = process.env.TEST_PG_TEMPLATE;
  const appServerUrl = process.env.TEST_PG_APP_URL;
  if (!adminUrl || !template || !appServerUrl) {
    throw new Error('Integration tests need the server scripts/test.ts starts: run them with `npm run test:unit`.');
  }
  const name = `derbes_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${template}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = postgres(url.toString(), { max: 5, onnotice: () => {}, connection: { TimeZone: 'UTC' } });
  // As the portal's (db/index.ts): statements with parameters prepared.
  const db = drizzleOver(client);
  const appUrl = new URL(appServerUrl);
  appUrl.pathname = `/${name}`;
  return {
    db,
    url: url.toString(),
    appUrl: appUrl.toString(),
    async drop() {
      await client.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** A subject with one item in each of the given categories (by code), for tests that need their own person. */
export async function createSubjectWithItems(
  db: Db,
  {
    email = `s-${randomBytes(4).toString('hex')}@example.kz`,
    locale = 'en' as 'kk' | 'ru' | 'en',
    categories = ['full_name', 'email', 'phone'],
  } = {},
) {
  const [subject] = await db.insert(subjects).values({ email, fullName: 'Test Subject', locale }).returning();
  // Categories come from the demo seed when there is one; otherwise the factory adds them.
  await db
    .insert(dataCategories)
    .values(
      categories.map((code) => ({
        code,
        name: { kk: code, ru: code, en: code },
        description: { kk: code, ru: code, en: code },
      })),
    )
    .onConflictDoNothing({ target: dataCategories.code });
  const rows = await db
    .select({ id: dataCategories.id, code: dataCategories.code })
    .from(dataCategories)
    .where(inArray(dataCategories.code, categories));
  const items = await db
    .insert(dataItems)
    .values(
      rows.map((c) => ({
        subjectId: subject!.id,
        categoryId: c.id,
        value: c.code === 'email' ? email : `value of ${c.code}`,
        source: 'subject' as const,
        method: 'manual' as const,
      })),
    )
    .returning();
  return { subject: subject!, items };
}

/** A test database with the calendar, the deadline policies and the demo operator seeded. */
export async function createSeededTestDatabase(): Promise<TestDatabase> {
  const t = await createTestDatabase();
  await t.db.transaction(async (tx) => {
    await seedReferenceData(tx);
    await seedDemoData(tx);
  });
  return t;
}

/**
 * Law 94-V allows no extension; an administrative body may extend under APPK Art. 76(3) (up to two
 * months). Tests of the extension itself record that source for `code` and let the policy use it.
 */
export async function allowExtensionAsAdministrativeBody(db: Db, code: DeadlineCode, workingDays: number) {
  await db
    .update(statutoryDeadlines)
    .set({ maxExtensionWorkingDays: 40, extensionSource: 'APPK Art. 76(3)' })
    .where(eq(statutoryDeadlines.code, code));
  await db
    .update(deadlinePolicies)
    .set({ maxExtensionWorkingDays: workingDays })
    .where(eq(deadlinePolicies.code, code));
}

/**
 * The plan PostgreSQL gives a query as the portal runs it, a prepared statement: for its values
 * (`force_custom_plan`) or for any values, as cached after its fifth run (`force_generic_plan`, the
 * one a plan test must hold for). EXPLAIN's lines joined, for `assert.match`.
 */
export async function explainPrepared(
  db: Db,
  query: { sql: string; params: unknown[] },
  mode: 'force_custom_plan' | 'force_generic_plan' = 'force_generic_plan',
): Promise<string> {
  return db.$client.begin(async (c) => {
    await c.unsafe(`set local plan_cache_mode = ${mode}`);
    await c.unsafe(`prepare explained as ${query.sql}`);
    const literal = (p: unknown) => (p instanceof Date ? p.toISOString() : String(p)).replaceAll("'", "''");
    const args = query.params.map((p) => (typeof p === 'number' ? String(p) : `'${literal(p)}'`));
    const rows = await c.unsafe<{ 'QUERY PLAN': string }[]>(
      `explain execute explained${args.length ? `(${args.join(', ')})` : ''}`,
    );
    await c.unsafe('deallocate explained');
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}
