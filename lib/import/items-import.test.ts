import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq, gt, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { listSubjectActivity } from '@/db/queries/activity';
import { auditEvents } from '@/db/schema/audit';
import { dataCategories, purposeCategories, purposes, systemCategories, systems } from '@/db/schema/inventory';
import { dataItemPurposes, dataItems, locales, subjects } from '@/db/schema/subjects';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { describeActivity } from '@/lib/activity/describe';
import { verifyAuditChain } from '@/lib/audit/verify';
import { openForItem } from '@/lib/crypto/item-keys';
import { translatorFor } from '@/lib/i18n/translator';
import { iinCheckDigit } from '@/lib/iin';
import { itemRejections } from './items-file';
import { dryRunItems, importItems, itemsFileColumns } from './items-import';
import { rejectedRowsCsv } from './report';
import { dryRunSubjects } from './subjects-import';

let t: TestDatabase;
const actor = { id: null, role: 'system' as const };
const L = (text: string) => ({ kk: text, ru: text, en: text });
const header = 'external_id,category,value,source,method,collected_at,system,purposes';
async function* file(content: string | Buffer) {
  yield Buffer.isBuffer(content) ? content : Buffer.from(content);
}
const text = (rows: string[]) => [header, ...rows].join('\n');
const ids = { aliya: '', bolat: '', training: '', newsletter: '' };

before(async () => {
  t = await createTestDatabase();
  const categories = await t.db
    .insert(dataCategories)
    .values(
      ['full_name', 'email', 'phone', 'education', 'old_category'].map((code) => ({
        code,
        name: L(code),
        description: L(code),
        retiredAt: code === 'old_category' ? new Date() : null,
      })),
    )
    .returning();
  const category = (code: string) => categories.find((c) => c.code === code)!.id;
  const systemRows = await t.db
    .insert(systems)
    .values(
      [
        { code: 'crm', name: { kk: 'Оқушылар CRM жүйесі', ru: 'CRM учащихся', en: 'Learner CRM' } },
        { code: 'lms', name: L('LMS') },
        { code: 'legacy', name: L('Legacy'), retiredAt: new Date() },
      ].map((s) => ({
        ...s,
        ownerDepartment: L('IT'),
        storageLocation: L('Almaty'),
        country: 'KZ',
        execution: 'api' as const,
      })),
    )
    .returning();
  const system = (code: string) => systemRows.find((s) => s.code === code)!.id;
  await t.db.insert(systemCategories).values([
    ...['full_name', 'email', 'phone', 'old_category'].map((c) => ({
      systemId: system('crm'),
      categoryId: category(c),
    })),
    ...['full_name', 'education'].map((c) => ({ systemId: system('lms'), categoryId: category(c) })),
    { systemId: system('legacy'), categoryId: category('email') },
  ]);
  const purpose = (code: string, retired = false) => ({
    code,
    name: L(code),
    description: L(code),
    legalBasis: 'consent' as const,
    retentionKind: 'until_purpose_achieved' as const,
    retentionDescription: L('until'),
    retiredAt: retired ? new Date() : null,
  });
  const purposeRows = await t.db
    .insert(purposes)
    .values([purpose('training'), purpose('newsletter'), purpose('old_mailing', true)])
    .returning();
  const purposeId = (code: string) => purposeRows.find((p) => p.code === code)!.id;
  ids.training = purposeId('training');
  ids.newsletter = purposeId('newsletter');
  await t.db.insert(purposeCategories).values([
    { purposeId: purposeId('training'), categoryId: category('full_name') },
    { purposeId: purposeId('training'), categoryId: category('email') },
    { purposeId: purposeId('newsletter'), categoryId: category('email') },
    { purposeId: purposeId('old_mailing'), categoryId: category('email') },
  ]);
  const people = await t.db
    .insert(subjects)
    .values([
      { externalId: 'HR-1', fullName: 'Әлия Серікқызы', locale: 'kk' },
      { externalId: 'HR-2', fullName: 'Болат Ахметов', locale: 'ru' },
      { externalId: 'HR-3', fullName: 'Дана', locale: 'en' },
    ])
    .returning();
  ids.aliya = people[0]!.id;
  ids.bolat = people[1]!.id;
});
after(() => t.drop());

describe('[IMPORT] an items file is read and checked row by row', () => {
  test('[IMPORT] every row the file itself gets wrong is turned down with its line and reason', async () => {
    const report = await dryRunItems(
      t.db,
      file(
        text([
          'HR-1,full_name,Әлия Серікқызы,subject,manual,2024-05-01,crm,', // 2: fine
          ',email,a@example.kz,subject,manual,,crm,', // 3: no external id
          'HR-1,,a@example.kz,subject,manual,,crm,', // 4: no category
          'HR-1,email,a@example.kz,subject,manual,,,', // 5: no system
          'HR-1,email,,subject,manual,,crm,', // 6: no value
          `HR-1,email,${'x'.repeat(2001)},subject,manual,,crm,`, // 7: too long
          'HR-1,email,a@example.kz,neighbour,manual,,crm,', // 8: bad source
          'HR-1,email,a@example.kz,subject,by hand,,crm,', // 9: bad method
          'HR-1,email,a@example.kz,subject,manual,2024-02-30,crm,', // 10: no such day
          'HR-1,email,a@example.kz,subject,manual,2999-01-01,crm,', // 11: the future
          'HR-1,full_name,Әлия,subject,manual,,crm,', // 12: line 2 again
          'HR-1,email,a@example.kz,subject,manual,,crm,,extra', // 13: a cell too many
        ]),
      ),
    );
    assert.deepEqual(
      report.rejected.map((r) => `${r.line}:${r.reason}`),
      [
        '3:externalId',
        '4:category',
        '5:system',
        '6:value',
        '7:tooLong',
        '8:source',
        '9:method',
        '10:date',
        '11:date',
        '12:duplicateItem',
        '13:columns',
      ],
    );
    assert.deepEqual(report.counts, { new: 1, update: 0, same: 0, conflict: 0, rejected: 11 });
    assert.equal(report.rows, 12);
  });

  test('[IMPORT] every row the inventory or the subjects held turn down has its line and reason', async () => {
    const report = await dryRunItems(
      t.db,
      file(
        text([
          'NOBODY,email,a@example.kz,subject,manual,,crm,', // 2
          'HR-1,shoe_size,42,subject,manual,,crm,', // 3: unknown category
          'HR-1,old_category,x,subject,manual,,crm,', // 4: retired category
          'HR-1,email,a@example.kz,subject,manual,,erp,', // 5: unknown system
          'HR-1,email,a@example.kz,subject,manual,,legacy,', // 6: retired system
          'HR-1,education,Master of Law,subject,manual,,crm,', // 7: the CRM does not hold education
          'HR-1,email,a@example.kz,subject,manual,,crm,training|marketing', // 8: unknown purpose
          'HR-1,phone,+7 701 555 01 01,subject,manual,,crm,old_mailing', // 9: retired purpose
          'HR-1,education,Master of Law,third_party,automated,2020-06-30T12:00:00,lms,', // 10: fine
        ]),
      ),
    );
    assert.deepEqual(
      report.rejected.map((r) => `${r.line}:${r.reason}`),
      [
        '2:unknownSubject',
        '3:unknownCategory',
        '4:unknownCategory',
        '5:unknownSystem',
        '6:unknownSystem',
        '7:categoryNotInSystem',
        '8:unknownPurpose',
        '9:unknownPurpose',
      ],
    );
    assert.equal(report.counts.new, 1);
    assert.equal(report.rejected[0]?.cells.external_id, 'NOBODY', 'the cells go with the row, for its download');
  });

  test('[IMPORT] every reason is told in kk, ru and en, and the rejected rows download as CSV with line and reason', async () => {
    for (const locale of locales) {
      const tr = translatorFor(locale);
      for (const reason of itemRejections) assert.ok(tr.has(`import.errors.${reason}`), `${locale}: ${reason}`);
    }
    const report = await dryRunItems(t.db, file(text(['NOBODY,email,"a, b",subject,manual,,crm,'])));
    const csv = rejectedRowsCsv(report.rejected, itemsFileColumns, 'ru');
    assert.ok(csv.startsWith('\uFEFF'), 'a BOM, so Excel reads UTF-8');
    const [head, row] = csv.slice(1).trim().split('\r\n');
    assert.equal(head, `${itemsFileColumns.join(',')},line,reason`);
    assert.match(row!, /^NOBODY,email,"a, b",subject,manual,,crm,,2,Субъекта персональных данных/);
  });

  test('[IMPORT] Windows-1251 and UTF-8 with a BOM are read alike', async () => {
    const rows = text(['HR-2,full_name,Ахметов Болат,subject,manual,,crm,']).replaceAll(',', ';');
    const cp1251 = await dryRunItems(t.db, file(iconv.encode(rows, 'windows-1251')));
    assert.equal(cp1251.encoding, 'windows-1251');
    assert.deepEqual(cp1251.counts, { new: 1, update: 0, same: 0, conflict: 0, rejected: 0 });
    const bom = await dryRunItems(t.db, file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rows)])));
    assert.equal(bom.encoding, 'utf-8');
    assert.deepEqual(bom.counts, cp1251.counts);
  });

  test('[IMPORT] XLSX: the first worksheet, dates as ISO, an IIN Excel stored as a number keeps its leading zero', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('items');
    sheet.addRow(['External ID', 'Category', 'Value', 'Source', 'Method', 'Collected at', 'System']);
    sheet.addRow(['HR-1', 'full_name', 'Әлия Серікқызы', 'subject', 'manual', new Date(Date.UTC(2024, 4, 1)), 'crm']);
    sheet.addRow([]);
    sheet.addRow(['HR-1', 'phone', 77015550101, 'subject', 'manual', new Date(Date.UTC(2024, 4, 1, 9, 30)), 'crm']);
    sheet.addRow(['HR-1', 'phone', 1, 'subject', 'manual', '2024-13-01', 'crm']);
    workbook.addWorksheet('notes').addRow(['HR-1', 'email', 'not read', 'subject', 'manual', '', 'crm']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const report = await dryRunItems(t.db, file(buffer), { format: 'xlsx' });
    assert.deepEqual(report.counts, { new: 2, update: 0, same: 0, conflict: 0, rejected: 1 });
    assert.deepEqual(
      report.rejected.map((r) => [r.line, r.reason, r.cells.value]),
      [[5, 'date', '1']],
    );

    const subjectsBook = new ExcelJS.Workbook();
    const people = subjectsBook.addWorksheet('people');
    const iin = `0102035000${3}`;
    const valid = `${iin}${iinCheckDigit(iin)}`;
    people.addRow(['external_id', 'full_name', 'iin']);
    people.addRow(['X-1', 'Жақыпов Ерлан', Number(valid)]);
    const subjectsReport = await dryRunSubjects(t.db, file(Buffer.from(await subjectsBook.xlsx.writeBuffer())), {
      format: 'xlsx',
    });
    assert.deepEqual(subjectsReport.rejected, [], `IIN ${valid} read back whole`);
    assert.equal(subjectsReport.counts.new, 1);
  });
});

describe('[IMPORT] importing items: matched by system, subject and category, once', () => {
  const first = [
    'HR-1,full_name,Әлия Серікқызы,subject,manual,2024-05-01,crm,', // 2
    'HR-1,email,aliya@example.kz,subject,manual,2024-05-01T10:00:00,crm,', // 3: training and newsletter
    'HR-1,phone,+7 701 555 01 01,subject,manual,,crm,newsletter', // 4: as listed
    'HR-1,full_name,Әлия С.,operator,automated,,lms,', // 5: the same category from another system
    'HR-2,email,bolat@example.kz,subject,manual,,crm,', // 6
    'HR-9,email,nobody@example.kz,subject,manual,,crm,', // 7: unknown subject
  ];

  test('[IMPORT] Art. 8-2: new items are added with their purposes, and the subject sees them as supplemented from the system', async () => {
    const report = await importItems(t.db, file(text(first)), { actor, source: 'crm-export.csv' });
    assert.deepEqual(report.counts, { new: 5, update: 0, same: 0, conflict: 0, rejected: 1 });
    assert.deepEqual(
      report.rejected.map((r) => [r.line, r.reason]),
      [[7, 'unknownSubject']],
    );
    const items = await t.db
      .select({
        id: dataItems.id,
        category: dataCategories.code,
        system: systems.code,
        collectedAt: dataItems.collectedAt,
      })
      .from(dataItems)
      .innerJoin(dataCategories, eq(dataCategories.id, dataItems.categoryId))
      .innerJoin(systems, eq(systems.id, dataItems.systemId))
      .where(eq(dataItems.subjectId, ids.aliya));
    assert.deepEqual(items.map((i) => `${i.system}:${i.category}`).sort(), [
      'crm:email',
      'crm:full_name',
      'crm:phone',
      'lms:full_name',
    ]);
    const email = items.find((i) => i.category === 'email')!;
    assert.equal(
      email.collectedAt.toISOString(),
      '2024-05-01T05:00:00.000Z',
      'a time without offset is Kazakhstan time',
    );
    const usesOf = async (itemId: string) =>
      (await t.db.select().from(dataItemPurposes).where(eq(dataItemPurposes.dataItemId, itemId)))
        .map((p) => p.purposeId)
        .sort();
    assert.deepEqual(
      await usesOf(email.id),
      [ids.training, ids.newsletter].sort(),
      'every purpose in force using email',
    );
    assert.deepEqual(await usesOf(items.find((i) => i.category === 'phone')!.id), [ids.newsletter], 'as listed');

    const activity = await listSubjectActivity(t.db, ids.aliya);
    const lines = (locale: 'kk' | 'ru' | 'en') =>
      activity.map((e) => describeActivity(translatorFor(locale), e, locale).action).sort();
    assert.deepEqual(lines('en'), [
      'Your data was supplemented from LMS',
      'Your data was supplemented from Learner CRM',
    ]);
    assert.ok(lines('kk').includes('Деректеріңіз «Оқушылар CRM жүйесі» жүйесінен толықтырылды'));
    assert.ok(lines('ru').includes('Ваши данные дополнены из системы «CRM учащихся»'));
    const crmEvent = activity.find((e) => (e.details as { system: string }).system === 'crm')!;
    assert.deepEqual((crmEvent.details as { categories: string[] }).categories, ['full_name', 'email', 'phone']);
    assert.equal(crmEvent.reason, 'crm-export.csv');
    assert.doesNotMatch(JSON.stringify(activity), /aliya@example\.kz|555 01 01/, 'never a value in the audit trail');
    assert.equal((await verifyAuditChain(t.db)).intact, true);
  });

  test('[IMPORT] importing the same file again changes nothing and records nothing', async () => {
    const [{ lastId }] = [{ lastId: (await t.db.select({ id: auditEvents.id }).from(auditEvents)).at(-1)!.id }];
    const before = await t.db.select().from(dataItems);
    const again = await importItems(t.db, file(text(first)), { actor });
    assert.deepEqual(again.counts, { new: 0, update: 0, same: 5, conflict: 0, rejected: 1 });
    assert.deepEqual(await t.db.select().from(dataItems), before);
    assert.deepEqual(await t.db.select().from(auditEvents).where(gt(auditEvents.id, lastId)), []);
  });

  test('[IMPORT] Art. 8-2: an updated value shows in the subject’s activity as updated from the system, the old value only sealed', async () => {
    const report = await importItems(
      t.db,
      file(
        text([
          'HR-1,email,aliya.new@example.kz,subject,manual,,crm,',
          'HR-1,phone,+7 701 555 01 01,subject,manual,,crm,',
        ]),
      ),
      { actor },
    );
    assert.deepEqual(report.counts, { new: 0, update: 1, same: 1, conflict: 0, rejected: 0 });
    const [latest] = await listSubjectActivity(t.db, ids.aliya);
    assert.equal(latest?.action, 'data_changed');
    assert.equal(describeActivity(translatorFor('en'), latest!, 'en').action, 'Your data was updated from Learner CRM');
    assert.equal(
      describeActivity(translatorFor('kk'), latest!, 'kk').action,
      'Деректеріңіз «Оқушылар CRM жүйесі» жүйесінен жаңартылды',
    );
    assert.equal(
      describeActivity(translatorFor('ru'), latest!, 'ru').action,
      'Ваши данные обновлены из системы «CRM учащихся»',
    );
    const details = latest!.details as { categories: string[]; previousValues: Record<string, string> };
    assert.deepEqual(details.categories, ['email']);
    const [[itemId, sealed]] = Object.entries(details.previousValues) as [[string, string]];
    assert.doesNotMatch(sealed, /aliya@example/);
    assert.equal(await openForItem(t.db, itemId, sealed), 'aliya@example.kz', 'readable with the item’s key');
    const [item] = await t.db.select().from(dataItems).where(eq(dataItems.id, itemId));
    assert.equal(item?.value, 'aliya.new@example.kz');
  });

  test('[IMPORT] Art. 1(6): a destroyed item is never brought back; Art. 1(3): a blocked one is not changed', async () => {
    const [fullName] = await t.db
      .select({ id: dataItems.id })
      .from(dataItems)
      .innerJoin(dataCategories, eq(dataCategories.id, dataItems.categoryId))
      .innerJoin(systems, eq(systems.id, dataItems.systemId))
      .where(and(eq(dataItems.subjectId, ids.aliya), eq(dataCategories.code, 'full_name'), eq(systems.code, 'crm')));
    await t.db
      .update(dataItems)
      .set({ state: 'destroyed', value: null, destroyedAt: new Date() })
      .where(eq(dataItems.id, fullName!.id));
    const [phone] = await t.db
      .select({ id: dataItems.id })
      .from(dataItems)
      .innerJoin(dataCategories, eq(dataCategories.id, dataItems.categoryId))
      .where(and(eq(dataItems.subjectId, ids.aliya), eq(dataCategories.code, 'phone')));
    await t.db.update(dataItems).set({ state: 'blocked', blockedAt: new Date() }).where(eq(dataItems.id, phone!.id));

    const report = await importItems(
      t.db,
      file(
        text([
          'HR-1,full_name,Әлия Серікқызы,subject,manual,,crm,',
          'HR-1,phone,+7 701 000 00 00,subject,manual,,crm,',
          'HR-1,phone,+7 701 000 00 00,subject,manual,,crm,',
        ]),
      ),
      { actor },
    );
    assert.deepEqual(
      report.rejected.map((r) => [r.line, r.reason]),
      [
        [2, 'destroyed'],
        [3, 'blocked'],
        [4, 'duplicateItem'],
      ],
    );
    const states = await t.db
      .select({ state: dataItems.state, value: dataItems.value })
      .from(dataItems)
      .where(inArray(dataItems.id, [fullName!.id, phone!.id]));
    assert.deepEqual(states.map((s) => s.state).sort(), ['blocked', 'destroyed']);
    assert.ok(
      states.some((s) => s.value === '+7 701 555 01 01'),
      'the blocked value stays as it was',
    );
  });

  test('[IMPORT] resumable: rows up to resumeAfterLine are read but not written again, and progress names the last committed line', async () => {
    const rows = ['HR-3,full_name,Дана,subject,manual,,crm,', 'HR-3,email,dana@example.kz,subject,manual,,crm,'];
    const progress: [number, number][] = [];
    const report = await importItems(t.db, file(text([...rows, 'HR-3,full_name,Дана Қ.,subject,manual,,crm,'])), {
      actor,
      resumeAfterLine: 2,
      onProgress: (read, line) => progress.push([read, line]),
    });
    // Line 2 was done by the run this one resumes: not written, yet line 4 still repeats it.
    assert.deepEqual(report.counts, { new: 1, update: 0, same: 0, conflict: 0, rejected: 1 });
    assert.deepEqual(
      report.rejected.map((r) => [r.line, r.reason]),
      [[4, 'duplicateItem']],
    );
    assert.equal(report.skipped, 1);
    assert.equal(report.lastLine, 4);
    assert.deepEqual(progress.at(-1), [3, 4]);
    const dana = await t.db
      .select({ category: dataCategories.code })
      .from(dataItems)
      .innerJoin(dataCategories, eq(dataCategories.id, dataItems.categoryId))
      .innerJoin(subjects, eq(subjects.id, dataItems.subjectId))
      .where(eq(subjects.externalId, 'HR-3'));
    assert.deepEqual(
      dana.map((d) => d.category),
      ['email'],
    );
  });
});
