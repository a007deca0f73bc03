import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { outgoingEmails } from '@/db/schema/mail';
import { dataCategories } from '@/db/schema/inventory';
import { subjects } from '@/db/schema/subjects';
import { seedReferenceData } from '@/db/seed/reference';
import { createSubjectWithItems, createTestDatabase, type TestDatabase } from '@/db/testing';
import { recordAudit } from '@/lib/audit/record';
import { translatorFor } from '@/lib/i18n/translator';
import { sendActivityDigests } from './digest';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
  await seedReferenceData(t.db);
});
after(() => t.drop());

const viewed = (subjectId: string) =>
  t.db.transaction((tx) =>
    recordAudit(tx, {
      actor: { id: null, role: 'agent' },
      action: 'data_viewed',
      subjectId,
      entityType: 'subject',
      entityId: subjectId,
    }),
  );
const digestsTo = async (email: string) =>
  t.db.select().from(outgoingEmails).where(eq(outgoingEmails.toAddress, email));

describe('[ACTIVITY] Art. 8-2(2): new actions with my data reach me by e-mail, grouped', () => {
  test('[ACTIVITY] the first run starts from now: history is not e-mailed', async () => {
    const { subject } = await createSubjectWithItems(t.db, { locale: 'ru' });
    await viewed(subject.id);
    await sendActivityDigests(t.db);
    assert.equal((await digestsTo(subject.email!)).length, 0);
  });

  test("[ACTIVITY] new actions by staff are grouped in one e-mail in the subject's language, at most one an hour", async () => {
    const { subject } = await createSubjectWithItems(t.db, { locale: 'ru' });
    const start = new Date('2026-11-23T06:00:00Z');
    await sendActivityDigests(t.db, start);
    await viewed(subject.id);
    await viewed(subject.id);
    await sendActivityDigests(t.db, new Date(start.getTime() + 60_000));
    let emails = await digestsTo(subject.email!);
    assert.equal(emails.length, 1);
    assert.equal(emails[0]?.locale, 'ru');
    const viewedWords = translatorFor('ru')('activity.actions.data_viewed');
    assert.equal(emails[0]!.textBody.split(viewedWords).length - 1, 2, 'both views, in Russian');

    await viewed(subject.id);
    await sendActivityDigests(t.db, new Date(start.getTime() + 30 * 60_000));
    assert.equal((await digestsTo(subject.email!)).length, 1, 'not twice within the hour');
    await sendActivityDigests(t.db, new Date(start.getTime() + 62 * 60_000));
    emails = await digestsTo(subject.email!);
    assert.equal(emails.length, 2, 'the next hour brings the rest');
  });

  test("[ACTIVITY] the subject's own actions are not news to them", async () => {
    const { subject } = await createSubjectWithItems(t.db);
    await sendActivityDigests(t.db, new Date('2026-11-23T06:00:00Z'));
    await t.db.transaction((tx) =>
      recordAudit(tx, {
        actor: { id: null, role: 'subject' },
        action: 'data_exported',
        subjectId: subject.id,
        entityType: 'subject',
      }),
    );
    await sendActivityDigests(t.db, new Date('2026-11-23T08:00:00Z'));
    assert.equal((await digestsTo(subject.email!)).length, 0);
  });

  test('[ACTIVITY] a subject who turned the e-mails off gets none', async () => {
    const { subject } = await createSubjectWithItems(t.db);
    await sendActivityDigests(t.db, new Date('2026-11-23T06:00:00Z'));
    await t.db.update(subjects).set({ notifyActivity: false }).where(eq(subjects.id, subject.id));
    await viewed(subject.id);
    await sendActivityDigests(t.db, new Date('2026-11-23T08:00:00Z'));
    assert.equal((await digestsTo(subject.email!)).length, 0);
  });

  test("[ACTIVITY] Art. 8-2(2): the e-mail names the categories of data concerned, in the subject's language, never a value", async () => {
    const { subject, items } = await createSubjectWithItems(t.db, { locale: 'ru', categories: ['phone', 'email'] });
    const phone = items.find((item) => item.value === 'value of phone')!;
    const [category] = await t.db.select().from(dataCategories).where(eq(dataCategories.id, phone.categoryId));
    const start = new Date('2026-11-24T06:00:00Z');
    await sendActivityDigests(t.db, start);
    await t.db.transaction((tx) =>
      recordAudit(tx, {
        actor: { id: null, role: 'agent' },
        action: 'data_changed',
        subjectId: subject.id,
        entityType: 'data_item',
        entityId: phone.id,
      }),
    );
    await viewed(subject.id);
    await sendActivityDigests(t.db, new Date(start.getTime() + 60_000));
    const [email] = await digestsTo(subject.email!);
    const ru = translatorFor('ru');
    const name = category!.name.ru;
    assert.ok(email!.textBody.includes(ru('email.activityDigest.categories', { categories: name })), 'named up front');
    assert.ok(
      email!.textBody.includes(ru('activity.data', { categories: name })),
      'and on the line of the change, in Russian',
    );
    assert.ok(!email!.textBody.includes('value of phone'), 'never the value');
  });
});
