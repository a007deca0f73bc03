import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq, inArray, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { drizzleOver, type Db } from '@/db';
import { auditEvents } from '@/db/schema/audit';
import { createSeededTestDatabase, createSubjectWithItems, type TestDatabase } from '@/db/testing';
import { fileRequest, type FiledRequest } from '@/lib/requests/file';
import { recordAudit, recordAudits, systemActor } from './record';
import { verifyAuditChain } from './verify';

/**
 * Issue 15: a write takes neither the chain's lock nor a reference counter's: its audit events
 * commit with it in audit_events_pending and are chained after the commit (migration 0034,
 * db/audit-chain.ts), before its db.transaction returns. So two filings run side by side instead
 * of one after the other, and still every committed change has its audit events, in a chain that
 * verifies. "Order" below is the chain's: the order of chaining, a transaction's own events in the
 * order it wrote them; of two transactions the one chained first (here: committed first) comes
 * first. As the portal's own database role, through the portal's Drizzle (db/index.ts drizzleOver).
 */
let t: TestDatabase;
let app: Db;
let subjectId: string;
before(async () => {
  t = await createSeededTestDatabase();
  app = drizzleOver(postgres(t.appUrl, { max: 4, onnotice: () => {} }));
  subjectId = (await createSubjectWithItems(t.db)).subject.id;
});
after(async () => {
  await app.$client.end();
  await t.drop();
});

const filedEvents = (ids: string[]) =>
  t.db
    .select({ entityId: auditEvents.entityId })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'request_filed'), inArray(auditEvents.entityId, ids)));
const pendingCount = async () =>
  Number((await t.db.execute<{ n: string }>(sql`select count(*) as n from audit_events_pending`))[0]!.n);

/** Resolves with `promise`, or fails the test after a minute rather than hang when it waits for a lock. */
function unblocked<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} waited for the open transaction`)), 60_000);
  });
  return Promise.race([promise, stuck]).finally(() => clearTimeout(timer));
}

/** Waits for a state (never a fixed time), failing after two minutes rather than hang the file. */
async function waitUntil(condition: () => Promise<boolean>) {
  const giveUp = Date.now() + 120_000;
  while (!(await condition())) {
    if (Date.now() > giveUp) throw new Error('the awaited state never came');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('[AUDIT] Art. 22(1)(5): writes are chained after commit, not queued behind each other', () => {
  test('[REQUEST] a filing commits while another is still open; both keep their events and references', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let filedFirst!: (filed: FiledRequest & { pid: number }) => void;
    const firstFiled = new Promise<FiledRequest & { pid: number }>((resolve) => (filedFirst = resolve));
    const first = app.transaction(async (tx) => {
      const filed = await fileRequest(tx, { subjectId, type: 'ACCESS', notify: true });
      const [{ pid } = { pid: 0 }] = await tx.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`);
      filedFirst({ ...filed, pid });
      await held;
    });
    try {
      const a = await firstFiled;
      // The open filing holds no lock that every write needs: no advisory lock at all.
      const [locks] = await t.db.execute<{ n: string }>(
        sql`select count(*) as n from pg_locks where locktype = 'advisory' and pid = ${a.pid}`,
      );
      assert.equal(locks!.n, '0');
      const b = await unblocked(
        app.transaction((tx) => fileRequest(tx, { subjectId, type: 'RECTIFY', notify: true })),
        'the second filing',
      );
      assert.deepEqual(
        (await filedEvents([a.id, b.id])).map((e) => e.entityId),
        [b.id],
      );
      release();
      await first;
      assert.equal((await filedEvents([a.id, b.id])).length, 2);
      assert.notEqual(a.reference, b.reference);
      assert.equal(await pendingCount(), 0);
      assert.equal((await verifyAuditChain(t.db)).intact, true);
    } finally {
      // A failed check must not leave the first transaction open (the file would never end).
      release();
      await first.catch(() => {});
    }
  });

  test('[REQUEST] many filings at once: unique references, each with its audit event, one intact chain', async () => {
    const filed = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        app.transaction((tx) => fileRequest(tx, { subjectId, type: i % 2 ? 'BLOCK' : 'ACCESS', notify: false })),
      ),
    );
    assert.equal(new Set(filed.map((f) => f.reference)).size, 20);
    assert.equal((await filedEvents(filed.map((f) => f.id))).length, 20);
    assert.equal(await pendingCount(), 0);
    assert.equal((await verifyAuditChain(t.db)).intact, true);
  });

  test('[AUDIT] a transaction sees its events chained once it commits, in the order it wrote them', async () => {
    const event = (reason: string) => ({
      actor: systemActor,
      action: 'calendar_changed' as const,
      entityType: 'x',
      reason,
    });
    await app.transaction(async (tx) => {
      await recordAudit(tx, event('order 1'));
      await recordAudits(tx, [event('order 2'), event('order 3'), event('order 4')]);
      await recordAudit(tx, event('order 5'));
      // Not chained yet: waiting for the commit, and the chaining after it.
      assert.equal((await tx.select().from(auditEvents).where(eq(auditEvents.entityType, 'x'))).length, 0);
    });
    const rows = await t.db.select().from(auditEvents).where(eq(auditEvents.entityType, 'x')).orderBy(auditEvents.id);
    assert.deepEqual(
      rows.map((r) => r.reason),
      ['order 1', 'order 2', 'order 3', 'order 4', 'order 5'],
    );
    assert.deepEqual(
      rows.map((r) => r.id - rows[0]!.id),
      [0, 1, 2, 3, 4],
    );
    assert.equal(await pendingCount(), 0);
  });

  test('[AUDIT] a thousand events of one transaction are chained after commit in one batch, in order, and verify', async () => {
    const before = (await verifyAuditChain(t.db)).count;
    const events = Array.from({ length: 1000 }, (_, i) => ({
      actor: systemActor,
      action: 'calendar_changed' as const,
      entityType: 'batch',
      reason: `batch ${i}`,
    }));
    await app.transaction(async (tx) => {
      await recordAudits(tx, events.slice(0, 400));
      await recordAudit(tx, events[400]!);
      await recordAudits(tx, events.slice(401));
    });
    const rows = await t.db
      .select({ id: auditEvents.id, reason: auditEvents.reason })
      .from(auditEvents)
      .where(eq(auditEvents.entityType, 'batch'))
      .orderBy(auditEvents.id);
    assert.deepEqual(
      rows.map((r) => r.reason),
      events.map((e) => e.reason),
    );
    assert.equal(rows.at(-1)!.id - rows[0]!.id, 999);
    assert.equal(await pendingCount(), 0);
    assert.deepEqual(await verifyAuditChain(t.db), { intact: true, count: before + 1000 });
  });

  test('[AUDIT] transactions writing events in turn each chain only their own, in their order, one after the other', async () => {
    const event = (reason: string) => ({
      actor: systemActor,
      action: 'calendar_changed' as const,
      entityType: 'interleaved',
      reason,
    });
    // a1, then b1 and b2 (two rows, one statement), then a2: A's rows lie on both sides of B's in
    // audit_events_pending, all uncommitted when B commits (and B's chaining runs); A commits after.
    const signal = () => {
      let done!: () => void;
      const happened = new Promise<void>((resolve) => (done = resolve));
      return { done, happened };
    };
    const [a1, b, a2, bCommitted] = [signal(), signal(), signal(), signal()];
    const a = app.transaction(async (tx) => {
      await recordAudit(tx, event('a1'));
      a1.done();
      await b.happened;
      await recordAudit(tx, event('a2'));
      a2.done();
      await bCommitted.happened;
    });
    const second = app.transaction(async (tx) => {
      await a1.happened;
      await recordAudits(tx, [event('b1'), event('b2')]);
      b.done();
      await a2.happened;
    });
    void second.then(bCommitted.done, bCommitted.done);
    await unblocked(Promise.all([a, second]), 'the two transactions');
    const rows = await t.db
      .select({ id: auditEvents.id, reason: auditEvents.reason })
      .from(auditEvents)
      .where(eq(auditEvents.entityType, 'interleaved'))
      .orderBy(auditEvents.id);
    assert.deepEqual(
      rows.map((r) => r.reason),
      ['b1', 'b2', 'a1', 'a2'],
    );
    assert.deepEqual(
      rows.map((r) => r.id - rows[0]!.id),
      [0, 1, 2, 3],
    );
    assert.equal(await pendingCount(), 0);
    assert.equal((await verifyAuditChain(t.db)).intact, true);
  });

  test('[AUDIT] events of a savepoint rolled back are not chained; the rest of the transaction is, in order', async () => {
    const event = (reason: string) => ({
      actor: systemActor,
      action: 'calendar_changed' as const,
      entityType: 'savepoint',
      reason,
    });
    await app.transaction(async (tx) => {
      await recordAudit(tx, event('kept 1'));
      await assert.rejects(
        tx.transaction(async (inner) => {
          await recordAudits(inner, [event('undone 1'), event('undone 2')]);
          throw new Error('rolled back');
        }),
        /rolled back/,
      );
      await recordAudit(tx, event('kept 2'));
    });
    const rows = await t.db
      .select({ reason: auditEvents.reason })
      .from(auditEvents)
      .where(eq(auditEvents.entityType, 'savepoint'))
      .orderBy(auditEvents.id);
    assert.deepEqual(
      rows.map((r) => r.reason),
      ['kept 1', 'kept 2'],
    );
    assert.equal(await pendingCount(), 0);
    assert.equal((await verifyAuditChain(t.db)).intact, true);
  });

  test('[AUDIT] Art. 22(1)(5): a change whose audit events cannot be written does not commit, and its writer is told', async () => {
    // The portal's transaction writes its events just before its COMMIT, sent together (db/index.ts):
    // a failing event must abort the change, never leave it committed without its trace.
    const [before] = await t.db.execute<{ name: string }>(
      sql`select full_name as name from subjects where id = ${subjectId}`,
    );
    const event = (action: string) => ({
      actor: systemActor,
      action: action as 'calendar_changed',
      entityType: 'failing',
    });
    for (const events of [[event('no_such_action')], [event('calendar_changed'), event('no_such_action')]]) {
      await assert.rejects(
        app.transaction(async (tx) => {
          await tx.execute(sql`update subjects set full_name = 'not kept' where id = ${subjectId}`);
          await recordAudits(tx, events);
        }),
        /audit_events_pending/,
      );
      const [after] = await t.db.execute<{ name: string }>(
        sql`select full_name as name from subjects where id = ${subjectId}`,
      );
      assert.equal(after!.name, before!.name);
    }
    assert.equal(await pendingCount(), 0);
    assert.equal((await t.db.select().from(auditEvents).where(eq(auditEvents.entityType, 'failing'))).length, 0);
  });

  test('[AUDIT] an event the portal writes to audit_events directly is still numbered and chained by the trigger', async () => {
    // Only the chaining (a trigger on audit_events_pending) may hand in a row already numbered and hashed.
    await app.execute(sql`
      insert into audit_events (id, at, hash, prev_hash, actor_role, action, entity_type)
      values (999999, '2000-01-01', repeat('0', 64), repeat('0', 64), 'system', 'calendar_changed', 'forged')`);
    const [row] = await t.db.select().from(auditEvents).where(eq(auditEvents.entityType, 'forged'));
    assert.notEqual(row!.id, 999999);
    assert.notEqual(row!.hash, '0'.repeat(64));
    assert.ok(row!.at.getFullYear() > 2000);
    assert.equal((await verifyAuditChain(t.db)).intact, true);
  });

  test('[AUDIT] a transaction that rolls back leaves neither its change nor its events, and no number taken back', async () => {
    const before = (await verifyAuditChain(t.db)).count;
    let reference = '';
    await assert.rejects(
      app.transaction(async (tx) => {
        reference = (await fileRequest(tx, { subjectId, type: 'DESTROY', notify: true })).reference;
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    assert.equal((await verifyAuditChain(t.db)).count, before);
    assert.equal(await pendingCount(), 0);
    // The number is not given again: the register may have a gap, never a repeat.
    const next = await app.transaction((tx) => fileRequest(tx, { subjectId, type: 'DESTROY', notify: false }));
    assert.ok(next.reference > reference);
  });

  test("[REQUEST] a year's first references, taken by two filings at once, are both given and differ", async () => {
    const first = await app.$client.reserve();
    const second = await app.$client.reserve();
    try {
      await first`begin`;
      const [one] = await first<{ n: string }[]>`select next_request_number(2031) as n`;
      const [{ pid } = { pid: 0 }] = await second<{ pid: number }[]>`select pg_backend_pid() as pid`;
      await second`begin`;
      // The sequence is made by the first, not yet committed: the second waits for it, then uses it.
      const waiting = second<{ n: string }[]>`select next_request_number(2031) as n`.execute();
      await waitUntil(async () => {
        const [row] = await t.db.execute<{ wait: string | null }>(
          sql`select wait_event_type as wait from pg_stat_activity where pid = ${pid}`,
        );
        return row?.wait === 'Lock';
      });
      await first`commit`;
      const [two] = await unblocked(waiting, 'the second number');
      await second`commit`;
      assert.deepEqual([one!.n, two!.n], ['1', '2']);
    } finally {
      first.release();
      second.release();
    }
  });
});
