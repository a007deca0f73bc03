import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditEvents } from '@/db/schema/audit';
import { subjects } from '@/db/schema/subjects';
import { seedReferenceData } from '@/db/seed/reference';
import { createSubjectWithItems, createTestDatabase, type TestDatabase } from '@/db/testing';
import { setActivityEmails } from './preference';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
  await seedReferenceData(t.db);
});
after(() => t.drop());

describe('[ACTIVITY] Art. 8-2: the activity e-mails are the subject’s to turn off and on', () => {
  test('[ACTIVITY] turning the e-mails off and on again changes only the setting, and is not an action with the data', async () => {
    const { subject } = await createSubjectWithItems(t.db);
    const notifies = async () =>
      (await t.db.select({ notify: subjects.notifyActivity }).from(subjects).where(eq(subjects.id, subject.id)))[0]
        ?.notify;
    const events = async () =>
      (await t.db.select().from(auditEvents).where(eq(auditEvents.subjectId, subject.id))).length;
    const before = await events();
    await t.db.transaction((tx) => setActivityEmails(tx, { subjectId: subject.id, notify: false }));
    assert.equal(await notifies(), false);
    await t.db.transaction((tx) => setActivityEmails(tx, { subjectId: subject.id, notify: true }));
    assert.equal(await notifies(), true);
    assert.equal(await events(), before);
  });
});
