import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { findIncident } from '@/db/queries/incidents';
import { findOperatorProfile } from '@/db/queries/operator';
import { users } from '@/db/schema/auth';
import { incidents } from '@/db/schema/compliance';
import { domainEvents } from '@/db/schema/events';
import { outgoingEmails } from '@/db/schema/mail';
import { createSeededTestDatabase, createSubjectWithItems, type TestDatabase } from '@/db/testing';
import type { Staff } from '@/lib/auth/authorize';
import { renderBreachNoticePdf } from '@/lib/pdf/breach-notice';
import { addIncidentSubjects, notifyIncidentSubjects, recordIncident } from './record';

let t: TestDatabase;
let dpo: Staff;
before(async () => {
  t = await createSeededTestDatabase();
  const [user] = await t.db.select().from(users).where(eq(users.role, 'dpo'));
  dpo = { id: user!.id, role: 'dpo' };
});
after(() => t.drop());

async function text(pdf: Buffer) {
  const document = await getDocument({ data: new Uint8Array(pdf) }).promise;
  const page = await document.getPage(1);
  return (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ');
}

describe('[BREACH] Art. 25(2)(8), last indent: security breaches', () => {
  test('[BREACH] the authorized body is due a notice within one working day of discovery', async () => {
    const { subject } = await createSubjectWithItems(t.db, { locale: 'kk' });
    // Discovered on Friday 13 November 2026, in the evening: due at the end of Monday 16 November.
    const id = await t.db.transaction((tx) =>
      recordIncident(tx, dpo, {
        discoveredAt: new Date('2026-11-13T14:00:00Z'),
        description: { kk: 'Экспорт бар ноутбук ұрланды.', ru: 'Похищен ноутбук с выгрузкой.' },
        measures: { kk: 'Құпиясөздер ауыстырылды.', ru: 'Пароли сменены.' },
        subjectIds: [subject.id],
      }),
    );
    const [incident] = await t.db.select().from(incidents).where(eq(incidents.id, id));
    assert.equal(incident?.authorityDueAt.toISOString(), '2026-11-16T18:59:59.999Z');
  });

  test("[BREACH] the notice in Kazakh and Russian carries the responsible person's contacts, the measures and the subjects", async () => {
    const { subject } = await createSubjectWithItems(t.db, { locale: 'ru' });
    const id = await t.db.transaction((tx) =>
      recordIncident(tx, dpo, {
        discoveredAt: new Date(Date.now() - 3_600_000),
        description: { kk: 'Экспорт таралып кетті.', ru: 'Утечка выгрузки.' },
        measures: { kk: 'Қолжетімділік жабылды.', ru: 'Доступ закрыт.' },
        subjectIds: [subject.id],
      }),
    );
    const incident = (await findIncident(t.db, id))!;
    const operator = (await findOperatorProfile(t.db))!;
    const measures = { kk: 'Қолжетімділік жабылды.', ru: 'Доступ закрыт.' };
    for (const locale of ['kk', 'ru'] as const) {
      const content = await text(await renderBreachNoticePdf(incident, operator, locale));
      for (const value of [operator.responsibleEmail, operator.responsiblePhone, measures[locale], operator.bin])
        assert.ok(content.includes(value), `${locale}: ${value}`);
      // Each notice carries the text in its own language only.
      assert.ok(!content.includes(measures[locale === 'kk' ? 'ru' : 'kk']), `${locale}: other language`);
    }
  });

  test('[BREACH] each affected subject is told in their language, once', async () => {
    const { subject } = await createSubjectWithItems(t.db, { locale: 'kk' });
    const id = await t.db.transaction((tx) =>
      recordIncident(tx, dpo, {
        discoveredAt: new Date(Date.now() - 3_600_000),
        description: { kk: 'Оқиға', ru: 'Инцидент' },
        measures: { kk: 'Шаралар', ru: 'Меры' },
        subjectIds: [subject.id],
      }),
    );
    await t.db.transaction((tx) => notifyIncidentSubjects(tx, dpo, { incidentId: id }));
    await assert.rejects(t.db.transaction((tx) => notifyIncidentSubjects(tx, dpo, { incidentId: id })));
    const mails = await t.db.select().from(outgoingEmails).where(eq(outgoingEmails.toAddress, subject.email!));
    assert.equal(mails.filter((m) => m.kind === 'breach_notice').length, 1);
    assert.equal(mails[0]?.locale, 'kk');
  });

  test('[BREACH] Art. 25(2)(8): a breach without identified subjects still owes the 1-working-day notice', async () => {
    const discoveredAt = new Date('2026-11-13T14:00:00Z');
    const id = await t.db.transaction((tx) =>
      recordIncident(tx, dpo, {
        discoveredAt,
        description: { kk: 'Сервер журналы ашық қалды.', ru: 'Журнал сервера оказался открыт.' },
        measures: { kk: 'Қолжетімділік жабылды.', ru: 'Доступ закрыт.' },
        subjectIds: [],
      }),
    );
    const incident = (await findIncident(t.db, id))!;
    assert.equal(incident.affected.length, 0);
    // Counted as every other deadline: the end of the next working day after discovery.
    assert.equal(incident.authorityDueAt.toISOString(), '2026-11-16T18:59:59.999Z');
    // Nobody to notify yet; subjects identified later are added, then told in their language.
    await assert.rejects(t.db.transaction((tx) => notifyIncidentSubjects(tx, dpo, { incidentId: id })));
    const { subject: kazakh } = await createSubjectWithItems(t.db, { locale: 'kk' });
    const { subject: english } = await createSubjectWithItems(t.db, { locale: 'en' });
    await t.db.transaction((tx) =>
      addIncidentSubjects(tx, dpo, { incidentId: id, subjectIds: [kazakh.id, english.id] }),
    );
    assert.equal((await findIncident(t.db, id))!.affected.length, 2);
    await t.db.transaction((tx) => notifyIncidentSubjects(tx, dpo, { incidentId: id }));
    const told = await t.db
      .select({ subjectId: domainEvents.subjectId, payload: domainEvents.payload })
      .from(domainEvents)
      .where(eq(domainEvents.type, 'breach.subject_notified'));
    const textFor = (subjectId: string) =>
      (told.find((e) => e.subjectId === subjectId)?.payload as { description: string } | undefined)?.description;
    assert.equal(textFor(kazakh.id), 'Сервер журналы ашық қалды.');
    // English staff text does not exist: an English-speaking subject reads the Russian text.
    assert.equal(textFor(english.id), 'Журнал сервера оказался открыт.');
  });

  test('[BREACH] the description and measures are required in both Kazakh and Russian', async () => {
    await assert.rejects(
      t.db.transaction((tx) =>
        recordIncident(tx, dpo, {
          discoveredAt: new Date(Date.now() - 3_600_000),
          description: { kk: 'Оқиға', ru: ' ' },
          measures: { kk: 'Шаралар', ru: 'Меры' },
          subjectIds: [],
        }),
      ),
      /invalid/,
    );
  });
});
