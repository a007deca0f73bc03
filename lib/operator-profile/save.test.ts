import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { findOperatorProfile } from '@/db/queries/operator';
import { users } from '@/db/schema/auth';
import { createSeededTestDatabase, type TestDatabase } from '@/db/testing';
import { DomainError } from '@/lib/errors';
import { saveOperatorProfile } from './save';

let t: TestDatabase;
before(async () => {
  t = await createSeededTestDatabase();
});
after(() => t.drop());

test("[OPERATOR] the operator's website, linked on every page, is a web address: javascript: and data: are refused", async () => {
  const [admin] = await t.db.select({ id: users.id }).from(users).where(eq(users.role, 'admin'));
  const profile = (await findOperatorProfile(t.db))!;
  const save = (website: string) =>
    t.db.transaction((tx) => saveOperatorProfile(tx, { id: admin!.id, role: 'admin' }, { ...profile, website }));
  for (const website of ['javascript:alert(document.cookie)', 'data:text/html,<script>1</script>', 'vbscript:x']) {
    await assert.rejects(save(website), (e) => e instanceof DomainError, website);
  }
  await save('https://dalabilim.kz/privacy');
  assert.equal((await findOperatorProfile(t.db))?.website, 'https://dalabilim.kz/privacy');
});
