import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { subjects } from '@/db/schema/subjects';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { PICKER_NARROW, searchSubjects } from './subjects';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
  await t.db.insert(subjects).values([
    { fullName: 'Әсел Төлеуова', email: 'asel@example.kz', iin: '900101300017', locale: 'kk' },
    { fullName: 'Асель Иванова', email: 'asel.i@example.kz', locale: 'ru' },
    { fullName: 'Ержан Ким', email: 'yerzhan@example.kz', locale: 'kk' },
  ]);
  // Namesakes: more than the picker reads.
  await t.db
    .insert(subjects)
    .values(
      Array.from({ length: PICKER_NARROW + 5 }, (_, i) => ({ fullName: `Нұрланов Серік ${i}`, locale: 'kk' as const })),
    );
});
after(() => t.drop());

const names = async (query: string) => (await searchSubjects(t.db, query)).found.map((s) => s.fullName);

describe('[INTAKE] Art. 10(2): staff find the subject of a paper request by e-mail, IIN or part of the name', () => {
  test('[INTAKE] part of the name in any case, sorted by name as Kazakh orders letters; an e-mail or IIN exactly', async () => {
    assert.deepEqual(await names('СЕЛ'), ['Асель Иванова', 'Әсел Төлеуова']);
    assert.deepEqual(await names('КИМ'), ['Ержан Ким']);
    assert.deepEqual(await names('asel@example.kz'), ['Әсел Төлеуова']);
    assert.deepEqual(await names('900101300017'), ['Әсел Төлеуова']);
    assert.deepEqual(await names('example.kz'), []);
    assert.deepEqual(await searchSubjects(t.db, '  '), { found: [], many: false });
  });

  test('[INTAKE] more namesakes than the picker reads: twenty shown, and staff are told to narrow the search', async () => {
    const result = await searchSubjects(t.db, 'нұрланов');
    assert.equal(result.many, true);
    assert.equal(result.found.length, 20);
    assert.ok(result.found.every((s) => s.fullName!.startsWith('Нұрланов Серік ')));
    const few = await searchSubjects(t.db, 'Нұрланов Серік 10');
    assert.equal(few.many, false);
    assert.deepEqual(
      few.found.map((s) => s.fullName),
      ['Нұрланов Серік 10', 'Нұрланов Серік 100', 'Нұрланов Серік 101', 'Нұрланов Серік 102'].concat(
        Array.from({ length: 7 }, (_, i) => `Нұрланов Серік 10${i + 3}`),
      ),
    );
  });
});
