import { randomBytes } from 'node:crypto';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Db } from '@/db';

/**
 * A fresh, migrated database for one integration test file, on the real PostgreSQL server that
 * scripts/test.ts started (or the one TEST_DATABASE_URL names). Each file gets its own copy of the
 * migrated template, so files run in parallel without seeing each other's rows.
 */
export type TestDatabase = { db: Db; url: string; drop: () => Promise<void> };

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_PG_ADMIN_URL;
  const template = process.env.TEST_PG_TEMPLATE;
  if (!adminUrl || !template) {
    throw new Error('Integration tests need the server scripts/test.ts starts: run them with `npm run test:unit`.');
  }
  const name = `derbes_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${template}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = postgres(url.toString(), { max: 5, onnotice: () => {}, connection: { TimeZone: 'UTC' } });
  const db = drizzle(client, { casing: 'snake_case' });
  return {
    db,
    url: url.toString(),
    async drop() {
      await client.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
