import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { desc, eq } from 'drizzle-orm';
import { outgoingEmails } from '@/db/schema/mail';
import { subjects } from '@/db/schema/subjects';
import { createSeededTestDatabase, createSubjectWithItems, type TestDatabase } from '@/db/testing';
import { setSubjectLanguage } from '@/lib/account/language';
import { listSubjectActivity } from '@/db/queries/activity';
import { queueSignInEmail } from './sign-in-email';

let t: TestDatabase;
before(async () => {
  t = await createSeededTestDatabase();
});
after(() => t.drop());

/** The link Auth.js builds: its callback URL carries the page the person asked from. */
const linkFrom = (locale: string) =>
  `http://localhost:3000/api/auth/callback/nodemailer?token=x&callbackUrl=${encodeURIComponent(`http://localhost:3000/${locale}/me`)}`;

async function lastSignIn(to: string) {
  const [mail] = await t.db
    .select()
    .from(outgoingEmails)
    .where(eq(outgoingEmails.toAddress, to))
    .orderBy(desc(outgoingEmails.id))
    .limit(1);
  return mail!;
}

describe('[LANGUAGE] Art. 10: the subject is written to in the language they chose', () => {
  test("[LANGUAGE] the sign-in e-mail follows the subject's chosen language", async () => {
    const { subject } = await createSubjectWithItems(t.db, { locale: 'kk' });
    await t.db.transaction((tx) =>
      setSubjectLanguage(tx, { subjectId: subject.id, locale: 'ru', actor: { id: null, role: 'subject' } }),
    );
    // Asked from the English page, written in Russian: the subject's choice wins.
    await queueSignInEmail(t.db, {
      identifier: subject.email!,
      url: linkFrom('en'),
      expires: new Date(Date.now() + 6e5),
    });
    const mail = await lastSignIn(subject.email!);
    assert.equal(mail.locale, 'ru');
    assert.match(mail.subject, /[а-яё]/i);
    // The change is the subject's data: it is in their activity.
    const activity = await listSubjectActivity(t.db, subject.id);
    assert.ok(activity.some((e) => e.action === 'data_changed'));
    const [row] = await t.db.select({ locale: subjects.locale }).from(subjects).where(eq(subjects.id, subject.id));
    assert.equal(row?.locale, 'ru');
  });

  test('[LANGUAGE] an address the operator does not know gets the language of the page it was asked from', async () => {
    const to = 'stranger-sign-in@example.kz';
    await queueSignInEmail(t.db, { identifier: to, url: linkFrom('en'), expires: new Date(Date.now() + 6e5) });
    assert.equal((await lastSignIn(to)).locale, 'en');
  });
});
