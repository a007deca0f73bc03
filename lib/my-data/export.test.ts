import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { listSubjectConsents } from '@/db/queries/consents';
import { findOperatorProfile } from '@/db/queries/operator';
import { systems } from '@/db/schema/inventory';
import { dataItems, subjects } from '@/db/schema/subjects';
import { createSeededTestDatabase, createSubjectWithItems, type TestDatabase } from '@/db/testing';
import { myDataAsCsv, myDataAsJson, myDataAsXlsx } from './export';
import { findMyDataReport } from './report';

let t: TestDatabase;
before(async () => {
  t = await createSeededTestDatabase();
  // One of Dmitry's items is kept in one of the operator's systems (the demo's items are the portal's own copy).
  const [system] = await t.db.select().from(systems).limit(1);
  const [dmitry] = await t.db.select().from(subjects).where(eq(subjects.email, 'dmitry@example.kz'));
  const [item] = await t.db.select().from(dataItems).where(eq(dataItems.subjectId, dmitry!.id)).limit(1);
  await t.db.update(dataItems).set({ systemId: system!.id }).where(eq(dataItems.id, item!.id));
});
after(() => t.drop());

async function filesOf(email: string) {
  const [subject] = await t.db.select().from(subjects).where(eq(subjects.email, email));
  const report = (await findMyDataReport(t.db, subject!.id))!;
  const consents = await listSubjectConsents(t.db, subject!.id);
  const operator = await findOperatorProfile(t.db);
  return { report, consents, operator: operator! };
}

/** 09:05 UTC on 1 December 2026 is 14:05 in Almaty. */
const now = new Date('2026-12-01T09:05:00Z');

async function sheetsOf(xlsx: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
  return workbook.worksheets.map((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return { name: sheet.name, rows };
  });
}

describe('[DOWNLOAD] the subject’s data as a spreadsheet a person in Almaty opens in Excel', () => {
  test('[ACCESS] Art. 24(1)(1): the Russian CSV splits on semicolons, starts with a byte-order mark, and times are Almaty time', async () => {
    const { report, consents, operator } = await filesOf('dmitry@example.kz');
    const csv = myDataAsCsv(report, consents, operator, 'ru', now);
    assert.ok(csv.startsWith('\ufeff'), 'UTF-8 byte-order mark, so Excel reads Kazakh and Russian letters');
    const rows = parse(csv, { bom: true, delimiter: ';' }) as string[][];
    // Each line has as many cells as the widest: Excel (and any parser) reads it as one table.
    assert.ok(rows.every((row) => row.length === rows[0]!.length && row.length > 10));
    const cells = rows.flat();
    assert.ok(cells.includes('Справка о персональных данных'));
    assert.ok(cells.includes('Дата выдачи'));
    assert.ok(cells.includes('2026-12-01 14:05'), 'issued at 14:05 Almaty time');
    assert.ok(cells.includes('время Алматы (Asia/Almaty)'));
    // Headers in the subject's language.
    const header = rows.find((row) => row[0] === 'Категория')!;
    assert.deepEqual(header.slice(0, 3), ['Категория', 'Значение', 'Состояние']);
    // Every collected/updated time is the item's instant on an Almaty clock.
    const collected = header.indexOf('Дата сбора');
    const item = report.categories[0]!.items[0]!;
    const almaty = new Date(item.collectedAt.getTime() + 5 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    const dataRow = rows[rows.indexOf(header) + 1]!;
    assert.equal(dataRow[collected], almaty);
    // The operator's storage location and each item's system with where it keeps it.
    assert.ok(cells.includes(operator.storageLocation.ru));
    const system = report.categories.flatMap((c) => c.items).find((i) => i.system)!.system!;
    assert.ok(cells.includes(system.name.ru) && cells.includes(system.storageLocation.ru));
    assert.ok(header.includes('Место хранения'));
    // The consents, as the JSON has them, with their Art. 8(4) content.
    const consentHeader = rows.find((row) => row[0] === 'Цели')!;
    assert.ok(consentHeader.includes('Подтверждение получения согласия (SHA-256)'));
    assert.ok(consentHeader.includes('Действует с'));
    for (const consent of consents) assert.ok(cells.includes(consent.evidenceSha256));
    assert.ok(cells.some((cell) => cell === consents[0]!.purposes.map((p) => p.name.ru).join('; ')));
  });

  test('[ACCESS] Art. 24(1)(1): the Kazakh CSV uses semicolons too; the English one commas', async () => {
    const { report, consents, operator } = await filesOf('aigul@example.kz');
    const kk = parse(myDataAsCsv(report, consents, operator, 'kk', now), { bom: true, delimiter: ';' }) as string[][];
    assert.ok(kk.flat().includes('Дербес деректер туралы анықтама'));
    assert.ok(kk.some((row) => row[0] === 'Санаты'));
    const en = parse(myDataAsCsv(report, consents, operator, 'en', now), { bom: true }) as string[][];
    assert.ok(en.some((row) => row[0] === 'Category' && row[1] === 'Value'));
    assert.ok(en.flat().includes('Almaty time (Asia/Almaty)'));
  });

  test('[ACCESS] Art. 24(1)(1): the XLSX parses back with its tables as worksheets, times as Almaty-clock dates', async () => {
    const { report, consents, operator } = await filesOf('dmitry@example.kz');
    const sheets = await sheetsOf(await myDataAsXlsx(report, consents, operator, 'ru', now));
    assert.deepEqual(
      sheets.map((s) => s.name),
      ['Справка о персональных данных', 'Персональные данные', 'Согласия'],
    );
    const [about, data, consentSheet] = sheets;
    // A date cell reads as the wall-clock time in Almaty (Excel dates have no zone).
    const issued = about!.rows.find((row) => row[0] === 'Дата выдачи')![1] as Date;
    assert.equal(issued.toISOString(), '2026-12-01T14:05:00.000Z');
    assert.ok(about!.rows.some((row) => row[1] === operator.storageLocation.ru));
    assert.equal(data!.rows[0]![0], 'Категория');
    const collected = (data!.rows[0] as string[]).indexOf('Дата сбора');
    const item = report.categories[0]!.items[0]!;
    assert.equal(
      (data!.rows[1]![collected] as Date).toISOString(),
      new Date(item.collectedAt.getTime() + 5 * 3_600_000).toISOString(),
    );
    assert.equal(consentSheet!.rows.length, consents.length + 1);
    assert.ok(consentSheet!.rows.flat().includes(consents[0]!.evidenceSha256));
  });

  test('[ACCESS] Art. 24(1)(1): the JSON gives times with the Almaty offset, the storage location and the consents', async () => {
    const { report, consents, operator } = await filesOf('aigul@example.kz');
    const json = myDataAsJson(report, consents, operator, 'kk', now);
    assert.equal(json.generatedAt, '2026-12-01T14:05:00+05:00');
    assert.equal(json.timeZone, 'Asia/Almaty');
    assert.match(json.data[0]!.collectedAt, /\+0[56]:00$/);
    assert.equal(
      new Date(json.data[0]!.collectedAt).getTime(),
      Math.floor(report.categories[0]!.items[0]!.collectedAt.getTime() / 1000) * 1000,
    );
    assert.equal(json.operator!.storageLocation, operator.storageLocation.kk);
    assert.equal(json.consents.length, consents.length);
  });
});

test("[CSV] Art. 24(1)(1): a value that looks like a formula cannot run in the subject's own export, CSV or XLSX; a phone number still reads as one", async () => {
  const { subject, items } = await createSubjectWithItems(t.db, { locale: 'ru', categories: ['full_name', 'phone'] });
  await t.db
    .update(dataItems)
    .set({ value: '=HYPERLINK("http://evil.example","click")' })
    .where(eq(dataItems.id, items[0]!.id));
  await t.db.update(dataItems).set({ value: '+7 701 123 45 67' }).where(eq(dataItems.id, items[1]!.id));
  const report = (await findMyDataReport(t.db, subject.id))!;
  const operator = await findOperatorProfile(t.db);
  const csv = myDataAsCsv(report, [], operator, 'ru');
  assert.ok(csv.includes(`"'=HYPERLINK(""http://evil.example"",""click"")"`), csv);
  assert.ok(csv.includes("'+7 701 123 45 67"));
  for (const cell of (parse(csv, { bom: true, delimiter: ';' }) as string[][]).flat())
    assert.doesNotMatch(cell, /^[=+\-@]/, `live formula: ${cell}`);
  // In XLSX every value is a string cell, never a formula.
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await myDataAsXlsx(report, [], operator, 'ru')) as unknown as ArrayBuffer);
  const cells: ExcelJS.Cell[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell))));
  assert.ok(cells.some((cell) => cell.value === '=HYPERLINK("http://evil.example","click")'));
  assert.equal(cells.filter((cell) => cell.type === ExcelJS.ValueType.Formula).length, 0);
});
