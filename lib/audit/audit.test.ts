import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { auditEvents } from '@/db/schema/audit';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { recordAudit, systemActor } from './record';
import { verifyAuditChain } from './verify';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.drop());

const event = (n: number) => ({
  actor: systemActor,
  action: 'calendar_changed' as const,
  entityType: 'calendar_day',
  entityId: `2026-01-0${n}`,
  reason: `test ${n}`,
});

describe('[AUDIT] Art. 22(1)(5): the audit log is append-only and tamper-evident', () => {
  test('[AUDIT] events written in one transaction form a chain that verifies as intact', async () => {
    await t.db.transaction(async (tx) => {
      for (const n of [1, 2, 3]) await recordAudit(tx, event(n));
    });
    const rows = await t.db.select().from(auditEvents).orderBy(auditEvents.id);
    assert.deepEqual(
      rows.map((r) => r.id),
      [1, 2, 3],
    );
    assert.equal(rows[0]?.prevHash, null);
    assert.equal(rows[1]?.prevHash, rows[0]?.hash);
    assert.deepEqual(await verifyAuditChain(t.db), { intact: true, count: 3 });
  });

  test('[AUDIT] an event rolls back with the transaction that wrote it', async () => {
    await assert.rejects(
      t.db.transaction(async (tx) => {
        await recordAudit(tx, event(4));
        throw new Error('the change failed');
      }),
    );
    assert.equal((await verifyAuditChain(t.db)).count, 3);
  });

  test('[AUDIT] concurrent transactions still form one unbroken chain', async () => {
    await Promise.all([5, 6, 7, 8, 9].map((n) => t.db.transaction((tx) => recordAudit(tx, event(n)))));
    assert.deepEqual(await verifyAuditChain(t.db), { intact: true, count: 8 });
  });

  test('[AUDIT] the database rejects UPDATE, DELETE and TRUNCATE of audit events', async () => {
    // Drizzle wraps the database's error; its cause is PostgreSQL's own message.
    const appendOnly = (error: Error) => /append-only/.test(String((error.cause as Error | undefined)?.message));
    await assert.rejects(t.db.execute(sql`update audit_events set reason = 'edited' where id = 2`), appendOnly);
    await assert.rejects(t.db.execute(sql`delete from audit_events where id = 2`), appendOnly);
    await assert.rejects(t.db.execute(sql`truncate audit_events`), appendOnly);
  });

  test("[AUDIT] a stored event changed behind the triggers' back is detected as the first broken link", async () => {
    // Only a superuser can do this (replica mode skips triggers): the chain is what catches it.
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update audit_events set reason = 'rewritten history' where id = 2`);
    });
    assert.deepEqual(await verifyAuditChain(t.db), { intact: false, count: 8, firstBrokenId: 2 });
  });

  test('[AUDIT] a deleted event is detected as a gap in the chain', async () => {
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update audit_events set reason = 'test 2' where id = 2`);
      await tx.execute(sql`delete from audit_events where id = 5`);
    });
    assert.deepEqual(await verifyAuditChain(t.db), { intact: false, count: 7, firstBrokenId: 6 });
  });
});
