import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { dataItems } from '@/db/schema/subjects';
import { createSeededTestDatabase, createSubjectWithItems, type TestDatabase } from '@/db/testing';
import { myDataAsCsv } from './export';
import { findMyDataReport } from './report';

let t: TestDatabase;
before(async () => {
  t = await createSeededTestDatabase();
});
after(() => t.drop());

test("[CSV] Art. 24(1)(1): a value that looks like a formula cannot run in the subject's own export; a phone number still reads as one", async () => {
  const { subject, items } = await createSubjectWithItems(t.db, { locale: 'ru', categories: ['full_name', 'phone'] });
  await t.db
    .update(dataItems)
    .set({ value: '=HYPERLINK("http://evil.example","click")' })
    .where(eq(dataItems.id, items[0]!.id));
  await t.db.update(dataItems).set({ value: '+7 701 123 45 67' }).where(eq(dataItems.id, items[1]!.id));
  const csv = myDataAsCsv((await findMyDataReport(t.db, subject.id))!, 'ru');
  assert.ok(csv.includes(`"'=HYPERLINK(""http://evil.example"",""click"")"`), csv);
  assert.ok(csv.includes("'+7 701 123 45 67"));
  for (const line of csv.split('\r\n')) {
    for (const cell of line.split(','))
      assert.doesNotMatch(cell.replace(/^"/, ''), /^[=+\-@]/, `live formula in ${line}`);
  }
});
