import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { auditEvents } from '@/db/schema/audit';
import { subjects } from '@/db/schema/subjects';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { parseAuditFilters } from '@/lib/audit/filters';
import { searchAuditEvents } from './audit';

let t: TestDatabase;
const ids: Record<string, string> = {};
before(async () => {
  t = await createTestDatabase();
  const people = [
    ['asel', 'Әсел Қуанышқызы Төлеуова', 'asel@example.kz', '900101300017'],
    ['ivan', 'Иван Петрович Сидоров', 'ivan@example.kz', null],
    ['percent', 'Ann 100% Smith', null, null],
    ['nameless', null, 'nameless@example.kz', null],
  ] as const;
  for (const [key, fullName, email, iin] of people) {
    const [row] = await t.db.insert(subjects).values({ fullName, email, iin, locale: 'kk' }).returning();
    ids[key] = row!.id;
    // The chaining trigger assigns id and hash.
    await t.db.insert(auditEvents).values({
      id: 0,
      hash: '',
      actorRole: 'system',
      subjectId: row!.id,
      action: 'data_viewed',
      entityType: 'subject',
      entityId: key,
    });
  }
});
after(() => t.drop());

const found = async (subject: string) =>
  (await searchAuditEvents(t.db, parseAuditFilters({ subject }))).map((row) => row.entityId).sort();

describe("[AUDIT] the audit trail finds a subject's events by name, e-mail or IIN (issue 14, point 11)", () => {
  test('[AUDIT] part of the name, in any case, Kazakh and Russian letters folded', async () => {
    assert.deepEqual(await found('Төлеуова'), ['asel']);
    assert.deepEqual(await found('төлеу'), ['asel']);
    assert.deepEqual(await found('ӘСЕЛ ҚУАНЫШ'), ['asel']);
    assert.deepEqual(await found('сидор'), ['ivan']);
    assert.deepEqual(await found('Нет такого'), []);
  });

  test('[AUDIT] typed wildcards are letters, not patterns', async () => {
    assert.deepEqual(await found('100%'), ['percent']);
    assert.deepEqual(await found('%'), ['percent']);
    assert.deepEqual(await found('_'), []);
  });

  test('[AUDIT] an e-mail address or an IIN still finds exactly its subject, never a part of one', async () => {
    assert.deepEqual(await found('nameless@example.kz'), ['nameless']);
    assert.deepEqual(await found('900101300017'), ['asel']);
    assert.deepEqual(await found('example.kz'), []);
  });
});
