import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { findOperatorProfile } from '@/db/queries/operator';
import { users } from '@/db/schema/auth';
import { operatorProfile } from '@/db/schema/operator';
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

test('[LOCATION] Art. 12(2): a database abroad needs a reason', async () => {
  const [admin] = await t.db.select({ id: users.id }).from(users).where(eq(users.role, 'admin'));
  const profile = (await findOperatorProfile(t.db))!;
  const save = (storageCountry: string, storageAbroadReason: string) =>
    t.db.transaction((tx) =>
      saveOperatorProfile(
        tx,
        { id: admin!.id, role: 'admin' },
        { ...profile, website: profile.website ?? '', storageCountry, storageAbroadReason },
      ),
    );
  await assert.rejects(save('DE', '  '), (e) => e instanceof DomainError && e.code === 'storageAbroadReason');
  // The database refuses it too, whatever writes the row.
  await assert.rejects(t.db.update(operatorProfile).set({ storageCountry: 'DE', storageAbroadReason: null }));
  await save('DE', 'A backup replica under a contract with the parent company.');
  assert.equal(
    (await findOperatorProfile(t.db))?.storageAbroadReason,
    'A backup replica under a contract with the parent company.',
  );
  // Back home, the reason is no longer kept.
  await save('KZ', 'ignored');
  const back = (await findOperatorProfile(t.db))!;
  assert.equal(back.storageCountry, 'KZ');
  assert.equal(back.storageAbroadReason, null);
});
