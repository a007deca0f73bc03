import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { listSubjectActivity } from '@/db/queries/activity';
import { findOperatorProfile } from '@/db/queries/operator';
import { auditEvents } from '@/db/schema/audit';
import { users } from '@/db/schema/auth';
import { consents } from '@/db/schema/consents';
import { recipients } from '@/db/schema/inventory';
import { letters } from '@/db/schema/letters';
import { outgoingEmails } from '@/db/schema/mail';
import { requests } from '@/db/schema/requests';
import { subjects } from '@/db/schema/subjects';
import { transfers } from '@/db/schema/transfers';
import { createSeededTestDatabase, createSubjectWithItems, type TestDatabase } from '@/db/testing';
import type { Staff } from '@/lib/auth/authorize';
import { refuseRequest } from '@/lib/backoffice/execute';
import { notifyIncidentSubjects, recordIncident } from '@/lib/incidents/record';
import { DomainError } from '@/lib/errors';
import { translatorFor } from '@/lib/i18n/translator';
import { findMyDataReport } from '@/lib/my-data/report';
import { listSubjectConsents } from '@/db/queries/consents';
import { renderLetterPdf } from '@/lib/pdf/letter';
import { fileSubjectRequest } from '@/lib/requests/subject-requests';
import { recordTransfer } from '@/lib/transfers/record';
import { findLetter, listPendingLetters, markLetterPosted } from './letters';

let t: TestDatabase;
let agent: Staff;
let auditor: Staff;
let dpo: Staff;

before(async () => {
  t = await createSeededTestDatabase();
  const staff = async (role: 'agent' | 'auditor') =>
    ({ id: (await t.db.select().from(users).where(eq(users.role, role)))[0]!.id, role }) as Staff;
  agent = await staff('agent');
  auditor = await staff('auditor');
  dpo = { id: (await t.db.select().from(users).where(eq(users.role, 'dpo')))[0]!.id, role: 'dpo' };
});
after(() => t.drop());

/** A subject who wrote on paper: no e-mail address, a postal address, their own language. */
async function paperSubject(locale: 'kk' | 'ru' | 'en', postalAddress = '050012, Алматы қ., Абай даңғылы, 52') {
  const { subject, items } = await createSubjectWithItems(t.db, { locale, categories: ['full_name', 'phone'] });
  await t.db
    .update(subjects)
    .set({ email: null, postalAddress, fullName: 'Жұмабеков Ерлан' })
    .where(eq(subjects.id, subject.id));
  return { subject: { ...subject, email: null }, items };
}

async function pdfText(pdf: Buffer): Promise<string> {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= document.numPages; i++) {
    const content = await (await document.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
  }
  return pages.join('\n');
}

describe('[LETTERS] Art. 19, 25(2)(7): a subject without e-mail is told by a letter', () => {
  test('[LETTERS] Art. 19(1): a transfer notice to a subject without e-mail becomes a letter to post', async () => {
    const { subject, items } = await paperSubject('ru');
    await t.db.insert(consents).values({
      subjectId: subject.id,
      operatorName: { kk: 'a', ru: 'a', en: 'a' },
      operatorBin: '180340012346',
      subjectName: 'x',
      validFrom: new Date(Date.now() - 1e7),
      thirdPartyTransfer: true,
      crossBorderTransfer: false,
      publicSources: false,
      notifyOnTransfer: true,
      channel: 'paper',
      evidenceText: 'x',
      evidenceSha256: 'c'.repeat(64),
      givenAt: new Date(Date.now() - 1e7),
    });
    const [steppe] = await t.db.select().from(recipients).where(eq(recipients.code, 'steppe_hr'));
    const transferId = await t.db.transaction((tx) =>
      recordTransfer(tx, agent, {
        subjectId: subject.id,
        recipientId: steppe!.id,
        transferredAt: new Date('2026-11-20T06:00:00Z'),
        itemIds: [items[0]!.id],
        basis: 'Договор № 12 от 01.09.2026',
        crossBorderBasis: null,
      }),
    );
    // The notice is due (never "not required") but not sent until the letter is posted.
    const [transfer] = await t.db.select().from(transfers).where(eq(transfers.id, transferId));
    assert.equal(transfer?.noticeDueAt?.toISOString(), '2026-12-04T18:59:59.999Z');
    assert.equal(transfer?.noticeSentAt, null);
    const [letter] = await t.db.select().from(letters).where(eq(letters.transferId, transferId));
    assert.equal(letter?.kind, 'transfer_notice');
    assert.equal(letter?.locale, 'ru');
    assert.equal(letter?.postalAddress, '050012, Алматы қ., Абай даңғылы, 52');
    assert.equal(letter?.dueAt?.toISOString(), transfer?.noticeDueAt?.toISOString());
    assert.match(letter!.body, /Steppe Logistics/);
    assert.match(letter!.body, /Договор № 12/);
    assert.ok((await listPendingLetters(t.db)).some((l) => l.id === letter!.id));

    // The auditor reads the list but may not mark a letter posted.
    await assert.rejects(
      t.db.transaction((tx) => markLetterPosted(tx, auditor, letter!.id)),
      (e: unknown) => e instanceof DomainError && e.code === 'forbidden',
    );
    await t.db.transaction((tx) => markLetterPosted(tx, agent, letter!.id));
    const [posted] = await t.db.select().from(letters).where(eq(letters.id, letter!.id));
    assert.ok(posted?.postedAt);
    assert.equal(posted?.postedById, agent.id);
    const [sent] = await t.db.select().from(transfers).where(eq(transfers.id, transferId));
    assert.equal(sent?.noticeSentAt?.toISOString(), posted?.postedAt?.toISOString());
    assert.ok(!(await listPendingLetters(t.db)).some((l) => l.id === letter!.id));
    // The subject sees in their activity that the letter was posted; posting twice is refused.
    const activity = await listSubjectActivity(t.db, subject.id);
    assert.ok(activity.some((e) => e.action === 'letter_posted'));
    await assert.rejects(
      t.db.transaction((tx) => markLetterPosted(tx, agent, letter!.id)),
      (e: unknown) => e instanceof DomainError && e.code === 'stale',
    );
  });

  test('[LETTERS] Art. 25(2)(7): a refusal to a subject without e-mail is a letter in their language', async () => {
    const { subject, items } = await paperSubject('kk');
    const filed = await t.db.transaction((tx) =>
      fileSubjectRequest(tx, {
        subjectId: subject.id,
        actor: agent,
        request: { type: 'DESTROY', itemIds: [items[1]!.id], description: 'x' },
        uploads: [],
        idempotencyKey: null,
      }),
    );
    const [request] = await t.db.select().from(requests).where(eq(requests.id, filed.id));
    await t.db.transaction((tx) =>
      refuseRequest(tx, agent, {
        requestId: filed.id,
        version: request!.version,
        reasonCode: 'law_requires_processing',
        legalBasis: '94-V Заң, 12-бап 2-тармақ',
        text: 'Деректер заң бойынша сақталады.',
      }),
    );
    const mine = await t.db.select().from(letters).where(eq(letters.subjectId, subject.id));
    // The acknowledgement and the refusal, both letters in Kazakh; no e-mail was written.
    assert.deepEqual(mine.map((l) => l.kind).sort(), ['request_filed', 'request_refused']);
    const refusal = mine.find((l) => l.kind === 'request_refused')!;
    assert.equal(refusal.locale, 'kk');
    assert.equal(refusal.requestId, filed.id);
    assert.equal(refusal.dueAt?.toISOString(), request!.dueAt.toISOString());
    assert.match(refusal.body, /Деректер заң бойынша сақталады\./);
    assert.match(refusal.body, /94-V Заң, 12-бап 2-тармақ/);
    const mails = await t.db.select().from(outgoingEmails).where(eq(outgoingEmails.subjectId, subject.id));
    assert.equal(mails.length, 0);
  });

  test('[LANGUAGE] Art. 25(2)(7): refusing an ACCESS request is a reasoned answer, in the letter too', async () => {
    const { subject } = await paperSubject('ru');
    const filed = await t.db.transaction((tx) =>
      fileSubjectRequest(tx, {
        subjectId: subject.id,
        actor: agent,
        request: { type: 'ACCESS', description: null },
        uploads: [],
        idempotencyKey: null,
      }),
    );
    const [request] = await t.db.select().from(requests).where(eq(requests.id, filed.id));
    await t.db.transaction((tx) =>
      refuseRequest(tx, agent, {
        requestId: filed.id,
        version: request!.version,
        reasonCode: 'law_requires_processing',
        legalBasis: '94-V, 12(2)',
        text: 'x',
      }),
    );
    const [letter] = await t.db
      .select()
      .from(letters)
      .where(and(eq(letters.subjectId, subject.id), eq(letters.kind, 'request_refused')));
    assert.match(letter!.body, /мотивированный ответ/);
    assert.doesNotMatch(letter!.body, /мотивированный отказ/);
  });

  test('[LETTERS] the letter PDF renders Kazakh: the operator, the addressee, the address, the reference and the text', async () => {
    const { subject } = await paperSubject('kk', '050012, Алматы қ., Әуезов көшесі, 17, 4-пәтер');
    const filed = await t.db.transaction((tx) =>
      fileSubjectRequest(tx, {
        subjectId: subject.id,
        actor: agent,
        request: { type: 'ACCESS', description: null },
        uploads: [],
        idempotencyKey: null,
      }),
    );
    const [row] = await t.db
      .select()
      .from(letters)
      .where(and(eq(letters.subjectId, subject.id), eq(letters.kind, 'request_filed')));
    const letter = (await findLetter(t.db, row!.id))!;
    assert.equal(letter.reference, filed.reference);
    const operator = await findOperatorProfile(t.db);
    const text = await pdfText(await renderLetterPdf(letter, operator));
    for (const expected of [
      operator!.name.kk,
      'Жұмабеков Ерлан',
      'Әуезов көшесі, 17, 4-пәтер',
      filed.reference,
      letter.title,
      'Күні:',
    ])
      assert.ok(text.includes(expected), `the PDF shows ${expected}`);
    // Rendered from the stored letter: the same letter gives the same text every time.
    assert.equal(await pdfText(await renderLetterPdf(letter, operator)), text);
    // The answer to an ACCESS request carries the statement of the subject's data after the letter.
    const report = (await findMyDataReport(t.db, subject.id))!;
    const withStatement = await pdfText(
      await renderLetterPdf(letter, operator, { report, consents: await listSubjectConsents(t.db, subject.id) }),
    );
    assert.ok(withStatement.includes(translatorFor('kk')('statement.title')));
    // Nothing about the letter is written to the audit log by rendering it (the route audits the view).
    const viewed = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, letter.id));
    assert.equal(viewed.length, 0);
  });

  test('[LETTERS] Art. 25(2)(8): a breach notice to a subject without e-mail is a letter in their language', async () => {
    const { subject } = await paperSubject('ru');
    const incidentId = await t.db.transaction((tx) =>
      recordIncident(tx, dpo, {
        discoveredAt: new Date(Date.now() - 3_600_000),
        description: { kk: 'Сервер журналы ашық қалды.', ru: 'Журнал сервера оказался открыт.' },
        measures: { kk: 'Қолжетімділік жабылды.', ru: 'Доступ закрыт.' },
        subjectIds: [subject.id],
      }),
    );
    await t.db.transaction((tx) => notifyIncidentSubjects(tx, dpo, { incidentId }));
    const rows = await t.db.select().from(letters).where(eq(letters.subjectId, subject.id));
    assert.equal(rows.length, 1, 'one letter, and no e-mail');
    assert.equal(rows[0]!.kind, 'breach_notice');
    assert.equal(rows[0]!.locale, 'ru');
    assert.equal(rows[0]!.incidentId, incidentId);
    assert.ok(rows[0]!.body.includes('Журнал сервера оказался открыт.'), 'the Russian text for a Russian subject');
    assert.ok(rows[0]!.postedAt === null && (await listPendingLetters(t.db)).some((l) => l.id === rows[0]!.id));
    const emails = await t.db.select().from(outgoingEmails).where(eq(outgoingEmails.subjectId, subject.id));
    assert.equal(emails.length, 0);
  });
});
