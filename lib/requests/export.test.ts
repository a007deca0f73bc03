import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { findOperatorProfile } from '@/db/queries/operator';
import { listSubjectRequestDetails } from '@/db/queries/subject-requests';
import { requestEvents } from '@/db/schema/requests';
import { subjects } from '@/db/schema/subjects';
import { createSeededTestDatabase, type TestDatabase } from '@/db/testing';
import { findMyDataReport } from '@/lib/my-data/report';
import { requestsAsCsv, requestsAsJson, requestsAsXlsx } from './export';
import { fileSubjectRequest } from './subject-requests';

let t: TestDatabase;
let aigul: string;
let dmitry: string;
let requestId: string;
let reference: string;
// The operator's answer at 10:00 UTC on 2 December 2026: 15:00 in Almaty.
const answeredAt = new Date('2026-12-02T10:00:00Z');

before(async () => {
  t = await createSeededTestDatabase();
  const people = await t.db.select({ id: subjects.id, email: subjects.email }).from(subjects);
  aigul = people.find((p) => p.email === 'aigul@example.kz')!.id;
  dmitry = people.find((p) => p.email === 'dmitry@example.kz')!.id;
  const item = (await findMyDataReport(t.db, aigul))!.categories[0]!.items[0]!;
  const filed = await t.db.transaction((tx) =>
    fileSubjectRequest(tx, {
      subjectId: aigul,
      actor: { id: null, role: 'subject' },
      request: {
        type: 'RECTIFY',
        changes: [{ itemId: item.id, value: 'Сапарова Айгерім' }],
        supplement: null,
        description: 'Тегім қате жазылған.',
      },
      uploads: [
        {
          fileName: 'жеке-куәлік.pdf',
          contentType: 'application/pdf',
          content: Buffer.from('%PDF-1.4'),
          sha256: 'a'.repeat(64),
          byteSize: 8,
        },
      ],
      idempotencyKey: null,
    }),
  );
  requestId = filed.id;
  reference = filed.reference;
  await t.db.insert(requestEvents).values([
    {
      requestId,
      at: answeredAt,
      kind: 'message',
      visibility: 'subject',
      actorRole: 'agent',
      body: 'Жеке куәліктің көшірмесін алдық.',
    },
    // Staff's own note: never the subject's to read or download.
    { requestId, kind: 'note', visibility: 'internal', actorRole: 'agent', body: 'INTERNAL NOTE' },
  ]);
});
after(() => t.drop());

describe('[DOWNLOAD] the subject downloads their requests and correspondence', () => {
  test("[ACCESS] Art. 24(1)(1): only the subject's own requests, never another's, never an internal note", async () => {
    assert.deepEqual(await listSubjectRequestDetails(t.db, dmitry, requestId), []);
    assert.ok(!(await listSubjectRequestDetails(t.db, dmitry)).some((d) => d.request.id === requestId));
    const [one] = await listSubjectRequestDetails(t.db, aigul, requestId);
    assert.equal(one!.request.reference, reference);
    const json = JSON.stringify(requestsAsJson(await listSubjectRequestDetails(t.db, aigul), null, 'kk'));
    assert.ok(json.includes(reference));
    assert.ok(!json.includes('INTERNAL NOTE'));
  });

  test('[ACCESS] Art. 24(1)(1): the Kazakh CSV: semicolons, byte-order mark, Kazakh headers, messages in Almaty time', async () => {
    const details = await listSubjectRequestDetails(t.db, aigul, requestId);
    const operator = await findOperatorProfile(t.db);
    const csv = requestsAsCsv(details, operator, 'kk');
    assert.ok(csv.startsWith('\ufeff'));
    assert.ok(!csv.includes('INTERNAL NOTE'));
    const rows = parse(csv, { bom: true, delimiter: ';' }) as string[][];
    const header = rows.find((row) => row[0] === 'Өтініш нөмірі' && row[1] === 'Түрі')!;
    const request = rows[rows.indexOf(header) + 1]!;
    assert.equal(request[0], reference);
    assert.match(request[header.indexOf('Сіз не сұрадыңыз')]!, /жаңа мәні: Сапарова Айгерім/);
    assert.equal(request[header.indexOf('Сіздің сипаттамаңыз')], 'Тегім қате жазылған.');
    const events = rows.find((row) => row[0] === 'Өтініш нөмірі' && row[1] === 'Уақыты')!;
    const message = rows.find((row) => row[4] === 'Жеке куәліктің көшірмесін алдық.')!;
    assert.equal(message[events.indexOf('Уақыты')], '2026-12-02 15:00');
    assert.equal(message[events.indexOf('Кімнен')], operator!.name.kk);
    const filed = rows.find((row) => row[0] === reference && row[2] === 'Өтініш тіркелді')!;
    assert.equal(filed[events.indexOf('Кімнен')], 'Сіз');
    assert.equal(filed[events.indexOf('Құжаттар')], 'жеке-куәлік.pdf');
  });

  test('[ACCESS] Art. 24(1)(1): the XLSX: a worksheet of requests and one of their timeline and messages; JSON with the Almaty offset', async () => {
    const details = await listSubjectRequestDetails(t.db, aigul, requestId);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await requestsAsXlsx(details, null, 'ru')) as unknown as ArrayBuffer);
    assert.deepEqual(
      workbook.worksheets.map((s) => s.name),
      ['О файле', 'Мои обращения', 'Ход рассмотрения и переписка'],
    );
    const timeline = workbook.getWorksheet('Ход рассмотрения и переписка')!;
    let found = false;
    timeline.eachRow((row) => {
      if (row.getCell(5).value !== 'Жеке куәліктің көшірмесін алдық.') return;
      found = true;
      assert.equal((row.getCell(2).value as Date).toISOString(), '2026-12-02T15:00:00.000Z');
    });
    assert.ok(found, 'the operator’s message is in the timeline');
    const json = requestsAsJson(details, null, 'en');
    const message = json.requests[0]!.timeline.find((e) => e.kind === 'message')!;
    assert.equal(message.at, '2026-12-02T15:00:00+05:00');
    // Found by kind, not position: the timeline is in time order, and the filing is "now", which
    // after 2 December 2026 10:00 UTC comes after the fixed answer above.
    const filed = json.requests[0]!.timeline.find((e) => e.kind === 'filed')!;
    assert.equal(filed.documents[0]!.fileName, 'жеке-куәлік.pdf');
  });
});
