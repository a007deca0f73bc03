import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { outgoingEmails } from '@/db/schema/mail';
import { createTestDatabase, explainPrepared, type TestDatabase } from '@/db/testing';
import { destroyedValuePattern, subjectEmailsQuery } from './scrub';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.drop());

const scrub = (value: string, text: string) => text.replace(destroyedValuePattern(value)!, '[x]');

test('[DESTROY] Art. 1(6): a destroyed phone number is found however it was written', () => {
  for (const written of ['+7 701 555 12 34', '87015551234', '+7(701)555-12-34', '8 701 555 1234', '+77015551234']) {
    assert.equal(scrub('+7 701 555 12 34', `call ${written} now`), 'call [x] now', written);
  }
  assert.equal(scrub('+7 701 555 12 34', 'not 87015551299'), 'not 87015551299');
  assert.equal(scrub('+7 701 555 12 34', '987015551234'), '987015551234', 'not inside a longer number');
});

test('[DESTROY] Art. 1(6): names and e-mail addresses are found in any case, never inside a longer word', () => {
  assert.equal(scrub('Әлия Серікқызы', 'Мен ӘЛИЯ  СЕРІКҚЫЗЫ едім'), 'Мен [x] едім');
  assert.equal(scrub('Ali', 'Alibek and Ali'), 'Alibek and [x]');
  assert.equal(scrub('aliya@mail.kz', 'write to Aliya@Mail.kz.'), 'write to [x].');
  assert.equal(destroyedValuePattern('ab'), null, 'too short to find safely');
});

test("[DESTROY] Art. 1(6): the subject's e-mails are found by their index, not by reading the whole outbox", async () => {
  // An outbox of many subjects, a few e-mails each (every filing and answer sends some).
  const subjects = Array.from({ length: 1000 }, () => randomUUID());
  await t.db.insert(outgoingEmails).values(
    subjects.flatMap((subjectId) =>
      ['request_filed', 'request_executed'].map((kind) => ({
        kind,
        toAddress: `${subjectId}@example.kz`,
        locale: 'kk' as const,
        subject: 'Өтініш',
        textBody: 'Мәтін',
        htmlBody: '<p>Мәтін</p>',
        subjectId,
      })),
    ),
  );
  await t.db.execute(sql`analyze outgoing_emails`);
  // As a prepared statement is planned after its fifth run: for any subject (a generic plan).
  const plan = await explainPrepared(t.db, subjectEmailsQuery(t.db, subjects[500]!).toSQL());
  assert.match(plan, /outgoing_emails_subject_id_index/, plan);
  assert.doesNotMatch(plan, /Seq Scan/, plan);
  assert.equal((await subjectEmailsQuery(t.db, subjects[500]!)).length, 2);
});
