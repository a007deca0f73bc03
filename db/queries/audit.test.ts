import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { auditEventSubjects, auditEvents } from '@/db/schema/audit';
import { subjects } from '@/db/schema/subjects';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { parseAuditFilters } from '@/lib/audit/filters';
import { SUBJECTS_BY_ID, searchAuditEvents } from './audit';

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

describe('[AUDIT] Art. 8-2: the trail searched by subject shows the events naming them among many (migration 0030)', () => {
  test('[AUDIT] a queue export naming the subject shows as their request event, newest first, in pages across both halves', async () => {
    const requestId = '0b7f3c0e-7d1a-4c55-9a34-6f0b9e1d2a11';
    const batch = 'c1a3e5f7-2b4d-4e6f-8a0c-1e3d5f7b9a2c';
    const [exported] = await t.db
      .insert(auditEvents)
      .values({
        id: 0,
        hash: '',
        actorRole: 'dpo',
        action: 'data_exported',
        entityType: 'queue',
        details: { subjects: { batch, count: 2, sha256: '' } },
      })
      .returning();
    await t.db.insert(auditEventSubjects).values([
      { batchId: batch, subjectId: ids.asel!, requestId },
      { batchId: batch, subjectId: ids.ivan!, requestId: '5c2d9a4e-1b3f-4e6a-8c7d-2f1e0a9b8c7d' },
    ]);
    const [later] = await t.db
      .insert(auditEvents)
      .values({
        id: 0,
        hash: '',
        actorRole: 'agent',
        subjectId: ids.asel!,
        action: 'data_viewed',
        entityType: 'subject',
        entityId: 'asel-later',
      })
      .returning();

    const trail = await searchAuditEvents(t.db, parseAuditFilters({ subject: 'Төлеуова' }));
    assert.deepEqual(
      trail.map((row) => [row.id, row.action, row.entityType, row.entityId, row.subjectName]),
      [
        [later!.id, 'data_viewed', 'subject', 'asel-later', 'Әсел Қуанышқызы Төлеуова'],
        [exported!.id, 'data_exported', 'request', requestId, 'Әсел Қуанышқызы Төлеуова'],
        [trail[2]!.id, 'data_viewed', 'subject', 'asel', 'Әсел Қуанышқызы Төлеуова'],
      ],
    );
    // A page of one at a time walks both halves in the same order and loses none.
    const paged: number[] = [];
    let before: number | undefined;
    for (;;) {
      const [row] = await searchAuditEvents(t.db, parseAuditFilters({ subject: 'Төлеуова' }), { before, limit: 1 });
      if (!row) break;
      paged.push(row.id);
      before = row.id;
    }
    assert.deepEqual(
      paged,
      trail.map((row) => row.id),
    );
    // The same filters hold in both halves; without a subject, the trail is the events as they are.
    assert.deepEqual(
      (await searchAuditEvents(t.db, parseAuditFilters({ subject: 'Төлеуова', action: 'data_exported' }))).map(
        (row) => row.entityId,
      ),
      [requestId],
    );
    const whole = await searchAuditEvents(t.db, parseAuditFilters({ action: 'data_exported' }));
    assert.deepEqual(
      whole.map((row) => [row.entityType, row.subjectName]),
      [['queue', null]],
    );
  });
});

describe('[AUDIT] a name many subjects share: the trail is walked newest first, every namesake kept', () => {
  test("[AUDIT] more namesakes than are read by id: paging finds each one's event once", async () => {
    const count = SUBJECTS_BY_ID + 100;
    const people = await t.db
      .insert(subjects)
      .values(Array.from({ length: count }, (_, i) => ({ fullName: `Көпберген ${i}`, locale: 'kk' as const })))
      .returning({ id: subjects.id });
    await t.db.insert(auditEvents).values(
      people.map((p, i) => ({
        id: 0,
        hash: '',
        actorRole: 'agent' as const,
        subjectId: p.id,
        action: 'data_viewed' as const,
        entityType: 'subject',
        entityId: `namesake-${i}`,
      })),
    );
    const seen: string[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await searchAuditEvents(t.db, parseAuditFilters({ subject: 'көпберген' }), { before });
      if (page.length === 0) break;
      seen.push(...page.map((row) => row.entityId!));
      before = page.at(-1)!.id;
    }
    assert.equal(seen.length, count);
    assert.equal(new Set(seen).size, count);
    assert.equal(seen[0], `namesake-${count - 1}`);
  });
});
