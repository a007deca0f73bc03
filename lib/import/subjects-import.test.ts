import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { findSubjectForUser } from '@/db/queries/subjects';
import { auditEvents } from '@/db/schema/audit';
import { subjects } from '@/db/schema/subjects';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { verifyAuditChain } from '@/lib/audit/verify';
import { iinCheckDigit } from '@/lib/iin';
import { dryRunSubjects, importSubjects } from './subjects-import';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.drop());

function iin(first11: string): string {
  return `${first11}${iinCheckDigit(first11)}`;
}
async function* file(text: string) {
  yield Buffer.from(text);
}
const dryRun = (text: string) => dryRunSubjects(t.db, file(text));
const header = 'external_id,full_name,iin,email,language';

describe('[IMPORT] subjects are matched, not duplicated: external id, then IIN, then e-mail', () => {
  const aliya = iin('90010130012');
  const bolat = iin('85050540023');
  const dana = iin('92121250034');

  before(async () => {
    await t.db.insert(subjects).values([
      { externalId: 'HR-1', fullName: 'Әлия Серікқызы', iin: aliya, email: 'aliya@example.kz', locale: 'kk' },
      // Known before any import: no external id yet, found by IIN or by address.
      { fullName: 'Болат Ахметов', iin: bolat, email: 'bolat@example.kz', locale: 'ru' },
      { fullName: 'Дана', email: 'Dana@Example.kz', locale: 'kk' },
    ]);
  });

  test('[IMPORT] a dry run writes nothing and counts what the import would do', async () => {
    const before = await t.db.select().from(subjects);
    const report = await dryRun(
      [
        header,
        'HR-1,Әлия Серікқызы,,aliya@example.kz,kk', // as held (an empty cell changes nothing): same
        `HR-2,Болат Ахметов,${bolat},,ru`, // by IIN: gains an external id
        'HR-3,Дана Қасымова,,dana@example.kz,kk', // by address (any case): gains an id and a name
        'HR-4,Ерлан,,erlan@example.kz,en', // nobody: new
        `HR-5,Someone,${aliya},,ru`, // Әлия's IIN under another external id
        `HR-1,Әлия,${aliya},aliya.new@example.kz,kk`, // a duplicate of line 2 in the file
      ].join('\n'),
    );
    assert.deepEqual(report.counts, { new: 1, update: 2, same: 1, conflict: 1, rejected: 1 });
    assert.deepEqual(report.conflicts, [{ line: 6, reason: 'externalIdDiffers', externalId: 'HR-5' }]);
    assert.deepEqual(
      report.rejected.map((r) => [r.line, r.reason]),
      [[7, 'duplicateExternalId']],
    );
    assert.equal(report.encoding, 'utf-8');
    assert.deepEqual(await t.db.select().from(subjects), before, 'nothing written');
  });

  test('[IMPORT] same IIN, different e-mail address: listed for a person, never merged silently', async () => {
    const report = await dryRun([header, `HR-2,Болат Ахметов,${bolat},bolat.work@example.kz,ru`].join('\n'));
    assert.deepEqual(report.conflicts, [{ line: 2, reason: 'emailDiffers', externalId: 'HR-2' }]);
  });

  test('[IMPORT] keys that point at two people are a conflict', async () => {
    // Болат's IIN with Дана's address.
    const report = await dryRun([header, `HR-9,X,${bolat},dana@example.kz,ru`].join('\n'));
    assert.deepEqual(report.conflicts, [{ line: 2, reason: 'emailOfAnother', externalId: 'HR-9' }]);
    // A known external id, with an IIN the operator holds for someone else.
    const [row] = await t.db.select({ iin: subjects.iin }).from(subjects).where(eq(subjects.externalId, 'HR-1'));
    assert.equal(row?.iin, aliya);
    const second = await dryRun([header, `HR-1,Әлия,${bolat},,kk`].join('\n'));
    assert.deepEqual(second.conflicts, [{ line: 2, reason: 'iinOfAnother', externalId: 'HR-1' }]);
    const third = await dryRun([header, `HR-1,Әлия,${dana},,kk`].join('\n'));
    assert.deepEqual(third.conflicts, [{ line: 2, reason: 'iinDiffers', externalId: 'HR-1' }]);
  });
});

describe('[IMPORT] the import writes what the dry run showed, once', () => {
  const actor = { id: null, role: 'system' as const };
  const text = (rows: string[]) => [header, ...rows].join('\n');
  const first = [
    `IMP-1,Сейітқазы Айгерім,${iin('95031540001')},aigerim@example.kz,kk`,
    'IMP-2,Ковалёва Мария,,maria@example.kz,ru',
    'IMP-3,Broken,123,,kk',
  ];

  test('[IMPORT] Art. 8-2: new people are added, each with an audit event the subject sees, naming the source', async () => {
    const progress: number[] = [];
    const report = await importSubjects(t.db, file(text(first)), {
      source: 'HR system',
      actor,
      onProgress: (rows) => progress.push(rows),
    });
    assert.deepEqual(report.counts, { new: 2, update: 0, same: 0, conflict: 0, rejected: 1 });
    assert.deepEqual(progress, [3], 'progress after each batch');
    const [aigerim] = await t.db.select().from(subjects).where(eq(subjects.externalId, 'IMP-1'));
    assert.equal(aigerim?.fullName, 'Сейітқазы Айгерім');
    assert.equal(aigerim?.locale, 'kk');
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.subjectId, aigerim!.id));
    assert.deepEqual(
      events.map((e) => [e.action, e.reason]),
      [['data_supplemented', 'HR system']],
    );
    assert.equal((await verifyAuditChain(t.db)).intact, true, 'a batch of events is chained row by row');
    // The e-mail on file is the one they sign in with: the account finds them at once.
    const found = await findSubjectForUser(t.db, { id: 'no-account-yet', email: 'aigerim@example.kz' });
    assert.equal(found?.id, aigerim!.id);
  });

  test('[IMPORT] importing the same file again changes nothing; a changed value is an update the subject sees', async () => {
    const again = await importSubjects(t.db, file(text(first)), { source: 'HR system', actor });
    assert.deepEqual(again.counts, { new: 0, update: 0, same: 2, conflict: 0, rejected: 1 });
    const [maria] = await t.db.select().from(subjects).where(eq(subjects.externalId, 'IMP-2'));
    const before = await t.db.select().from(auditEvents).where(eq(auditEvents.subjectId, maria!.id));
    assert.equal(before.length, 1, 'no event for a row that changed nothing');

    const changed = await importSubjects(t.db, file(text(['IMP-2,Ковалёва Мария Сергеевна,,maria@example.kz,ru'])), {
      source: 'HR system',
      actor,
    });
    assert.deepEqual(changed.counts, { new: 0, update: 1, same: 0, conflict: 0, rejected: 0 });
    const [after] = await t.db.select().from(subjects).where(eq(subjects.id, maria!.id));
    assert.equal(after?.fullName, 'Ковалёва Мария Сергеевна');
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.subjectId, maria!.id));
    assert.deepEqual(events.at(-1)?.details, { import: true, fields: ['fullName'] });
    assert.equal(events.at(-1)?.action, 'data_changed');
  });

  test('[IMPORT] resumable: rows up to resumeAfterLine were committed by the run cut off, and are not written again', async () => {
    const progress: [number, number][] = [];
    const report = await importSubjects(
      t.db,
      file(text(['RES-1,Бірінші,,res1@example.kz,kk', 'RES-2,Екінші,,res2@example.kz,kk', 'RES-1,Қайта,,,kk'])),
      { source: 'HR system', actor, resumeAfterLine: 2, onProgress: (rows, line) => progress.push([rows, line]) },
    );
    // Line 2 is not written, yet line 4 still repeats its external id.
    assert.deepEqual(report.counts, { new: 1, update: 0, same: 0, conflict: 0, rejected: 1 });
    assert.deepEqual(
      report.rejected.map((r) => [r.line, r.reason]),
      [[4, 'duplicateExternalId']],
    );
    assert.equal(report.skipped, 1);
    assert.deepEqual(progress, [[3, 4]]);
    const found = await t.db
      .select({ externalId: subjects.externalId })
      .from(subjects)
      .where(eq(subjects.email, 'res1@example.kz'));
    assert.deepEqual(found, []);
  });

  test('[IMPORT] a conflict is left as it is for a person to resolve', async () => {
    const report = await importSubjects(t.db, file(text(['IMP-2,Ковалёва,,maria.other@example.kz,ru'])), {
      source: 'HR system',
      actor,
    });
    assert.deepEqual(report.conflicts, [{ line: 2, reason: 'emailDiffers', externalId: 'IMP-2' }]);
    const [maria] = await t.db.select().from(subjects).where(eq(subjects.externalId, 'IMP-2'));
    assert.equal(maria?.email, 'maria@example.kz');
  });
});
