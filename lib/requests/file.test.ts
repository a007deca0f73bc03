import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { countRequests } from '@/db/queries/requests';
import { auditEvents } from '@/db/schema/audit';
import { outgoingEmails } from '@/db/schema/mail';
import { requestEvents, requests } from '@/db/schema/requests';
import { subjects } from '@/db/schema/subjects';
import { seedReferenceData } from '@/db/seed/reference';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { fileRequest } from './file';
import { kazakhstanToday } from '@/lib/deadlines/due';

let t: TestDatabase;
let subjectId: string;
before(async () => {
  t = await createTestDatabase();
  await seedReferenceData(t.db);
  const [subject] = await t.db
    .insert(subjects)
    .values({ fullName: 'Ақжол Серіков', email: 'akzhol@example.kz', locale: 'ru' })
    .returning();
  subjectId = subject!.id;
});
after(() => t.drop());

describe('[REQUEST] filing a request', () => {
  test('[RECTIFY] Art. 25(2)(8): due at the end of the first working day after registration', async () => {
    // Registered on Friday 20 November 2026 in Almaty: due at the end of Monday 23 November.
    const filed = await t.db.transaction((tx) =>
      fileRequest(tx, { subjectId, type: 'RECTIFY', registeredAt: new Date('2026-11-20T09:00:00Z') }),
    );
    assert.match(filed.reference, /^2026-\d{6}$/);
    assert.equal(filed.dueAt.toISOString(), '2026-11-23T18:59:59.999Z');
  });

  test('[WITHDRAW] Art. 8(7): fifteen working days', async () => {
    const filed = await t.db.transaction((tx) =>
      fileRequest(tx, { subjectId, type: 'WITHDRAW', registeredAt: new Date('2026-11-30T06:00:00Z') }),
    );
    assert.equal(filed.dueAt.toISOString(), '2026-12-22T18:59:59.999Z');
  });

  test('[REQUEST] references are numbered per year without repeats, one after another while nothing rolls back', async () => {
    const refs = await Promise.all(
      Array.from({ length: 5 }, () =>
        t.db.transaction((tx) => fileRequest(tx, { subjectId, type: 'ACCESS', notify: false })),
      ),
    );
    const numbers = refs.map((r) => Number(r.reference.slice(5))).sort((a, b) => a - b);
    assert.deepEqual(numbers, [numbers[0]!, numbers[0]! + 1, numbers[0]! + 2, numbers[0]! + 3, numbers[0]! + 4]);
  });

  test('[REQUEST] a resubmitted form files one request, not two', async () => {
    const key = randomUUID();
    const first = await t.db.transaction((tx) => fileRequest(tx, { subjectId, type: 'BLOCK', idempotencyKey: key }));
    const again = await t.db.transaction((tx) => fileRequest(tx, { subjectId, type: 'BLOCK', idempotencyKey: key }));
    assert.equal(again.id, first.id);
    assert.equal(again.duplicate, true);
    assert.equal((await t.db.select().from(requests).where(eq(requests.idempotencyKey, key))).length, 1);
  });

  test("[REQUEST] Art. 8-2: filing leaves a timeline event, an audit event and an acknowledgement in the subject's language", async () => {
    const filed = await t.db.transaction((tx) => fileRequest(tx, { subjectId, type: 'DESTROY' }));
    const events = await t.db.select().from(requestEvents).where(eq(requestEvents.requestId, filed.id));
    assert.deepEqual(
      events.map((e) => [e.kind, e.visibility]),
      [['filed', 'subject']],
    );
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, filed.id));
    assert.deepEqual(
      audit.map((a) => [a.action, a.subjectId]),
      [['request_filed', subjectId]],
    );
    const [email] = await t.db.select().from(outgoingEmails).where(eq(outgoingEmails.requestId, filed.id));
    assert.equal(email?.locale, 'ru');
    assert.ok(email?.subject.includes(filed.reference));
    assert.match(email?.textBody ?? '', /Уничтожение персональных данных/);
  });

  test('[REQUEST] a failure rolls back the request, its event, its audit event and its e-mail together', async () => {
    const before = await t.db.select().from(requests);
    await assert.rejects(
      t.db.transaction(async (tx) => {
        await fileRequest(tx, { subjectId, type: 'ACCESS' });
        throw new Error('later step failed');
      }),
    );
    assert.equal((await t.db.select().from(requests)).length, before.length);
  });

  test('[QUEUE] the back office counts open, overdue and due-today requests', async () => {
    const counts = await countRequests(t.db, kazakhstanToday(new Date('2026-11-23T10:00:00Z')));
    assert.ok(counts.open >= 1);
    // The RECTIFY of 20 November is due at the end of 23 November: due today, not yet overdue.
    assert.ok(counts.dueToday >= 1);
    const later = await countRequests(t.db, kazakhstanToday(new Date('2026-11-24T10:00:00Z')));
    assert.ok(later.overdue > counts.overdue);
  });
});
