import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { subjects } from '@/db/schema/subjects';
import { createSeededTestDatabase, type TestDatabase } from '@/db/testing';
import { pgCode, transactionWithRetries } from './retry';

let t: TestDatabase;
let subjectId: string;
before(async () => {
  t = await createSeededTestDatabase();
  const [subject] = await t.db
    .insert(subjects)
    .values({ email: 'two.changes@example.kz', fullName: 'Бастапқы Есім', locale: 'kk' })
    .returning();
  subjectId = subject!.id;
  await t.db.execute(sql`
    insert into requests (reference, subject_id, type, state, registered_at, deadline_from, deadline_working_days,
                          due_at, original_due_at)
    select '2040-' || lpad(g::text, 6, '0'), ${subjectId}, 'RECTIFY', 'IN_PROGRESS', now(), now(), 1,
           now() + interval '2 days', now() + interval '2 days'
    from generate_series(1, 2) g`);
});
after(() => t.drop());

/**
 * Two executions of one subject's requests, each holding its own request (as executeRequest locks
 * it) and then changing the subject's name: the subject's trigger (migration 0037) updates every
 * request of the subject, the other's among them, so each waits for the other.
 */
async function twoChanges(run: (work: (tx: Tx) => Promise<void>) => Promise<void>) {
  let bothLocked!: () => void;
  const locked = new Promise<void>((resolve) => (bothLocked = resolve));
  let count = 0;
  const change = (reference: string, name: string) =>
    run(async (tx) => {
      await tx.execute(sql`select id from requests where reference = ${reference} for update`);
      if (++count === 2) bothLocked();
      await locked;
      await tx.execute(sql`update subjects set full_name = ${name} where id = ${subjectId}`);
    });
  return Promise.allSettled([change('2040-000001', 'Бірінші Есім'), change('2040-000002', 'Екінші Есім')]);
}

test("[QUEUE] Art. 14: two changes of one subject's name at once: the one PostgreSQL undoes runs again, and every request carries the name the subject has", async () => {
  // Each in one transaction only: one of the two is undone as a deadlock.
  const once = await twoChanges((work) => t.db.transaction(work));
  const failed = once.filter((r) => r.status === 'rejected');
  assert.equal(failed.length, 1);
  assert.equal(pgCode((failed[0] as PromiseRejectedResult).reason), '40P01');

  const again = await twoChanges((work) => transactionWithRetries(t.db, work));
  assert.deepEqual(
    again.map((r) => r.status),
    ['fulfilled', 'fulfilled'],
  );
  const rows = (await t.db.execute(sql`
    select distinct r.subject_search = subject_search_text(s.full_name, s.email::text) as same
    from requests r join subjects s on s.id = r.subject_id where s.id = ${subjectId}`)) as unknown as {
    same: boolean;
  }[];
  assert.deepEqual([...rows], [{ same: true }]);
});
