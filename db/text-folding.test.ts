import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import postgres from 'postgres';
import { drizzleOver } from '.';
import { createTestDatabase, type TestDatabase } from './testing';
import { findTextFoldingProblem } from './text-folding';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.drop();
});

test('[CONFIG] searches by name need a database that folds Kazakh capitals: one created with LOCALE C is named as a problem', async () => {
  assert.equal(await findTextFoldingProblem(t.db), null);
  const admin = postgres(t.url, { max: 1, onnotice: () => {} });
  const name = `c_locale_${process.pid}`;
  await admin.unsafe(`create database ${name} template template0 encoding 'UTF8' locale 'C'`);
  const url = new URL(t.url);
  url.pathname = `/${name}`;
  const other = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    const problem = await findTextFoldingProblem(drizzleOver(other));
    assert.match(problem ?? '', /LC_CTYPE C\).*Kazakh and Russian letters.*LOCALE 'C\.UTF-8'/);
  } finally {
    await other.end({ timeout: 5 });
    await admin.unsafe(`drop database ${name}`);
    await admin.end({ timeout: 5 });
  }
});
