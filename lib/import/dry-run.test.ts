import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { subjects } from '@/db/schema/subjects';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { iinCheckDigit } from '@/lib/iin';
import { dryRunSubjects } from './dry-run';

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
