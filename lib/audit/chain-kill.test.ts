import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { auditEvents } from '@/db/schema/audit';
import { requests } from '@/db/schema/requests';
import { createSeededTestDatabase, createSubjectWithItems, type TestDatabase } from '@/db/testing';
import { verifyAuditChain } from './verify';

/**
 * Issue 15: audit events are chained when their transaction commits (migration 0023). A real
 * process, filing as the portal's role, is killed with SIGKILL between its change and the chaining
 * of its audit event, then the portal "restarts" (a new process files again): no committed change
 * is without its audit event, and the chain verifies.
 */
let t: TestDatabase;
let subjectId: string;
before(async () => {
  t = await createSeededTestDatabase();
  subjectId = (await createSubjectWithItems(t.db)).subject.id;
});
after(() => t.drop());

const CHILD = path.resolve('lib/audit/chain-kill.child.ts');

function start(mode: 'open' | 'commit') {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, t.appUrl, mode, subjectId], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const filed = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /filed (\S+)\n/.exec(out);
      if (match) resolve(match[1]!);
    });
    void exited.then(() => reject(new Error(`the child ended before filing: ${out}`)));
  });
  return { child, filed, exited };
}

/** Waits for a state (never a fixed time), failing after two minutes rather than hang the file. */
async function waitUntil(condition: () => Promise<boolean>) {
  const giveUp = Date.now() + 120_000;
  while (!(await condition())) {
    if (Date.now() > giveUp) throw new Error('the awaited state never came');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The child's database session, while it has one. */
const childSession = async () =>
  (
    await t.db.execute<{ state: string; wait_event_type: string | null; wait_event: string | null }>(
      sql`select state, wait_event_type, wait_event from pg_stat_activity where application_name = 'chain-kill-child'`,
    )
  )[0];

/** Every request of the subject that committed, and whether it has its request_filed event. */
async function committedWithoutEvent() {
  const rows = await t.db.execute<{ id: string }>(sql`
    select r.id from requests r
    where r.subject_id = ${subjectId}
      and not exists (select 1 from audit_events e where e.action = 'request_filed' and e.entity_id = r.id::text)`);
  return rows.map((r) => r.id);
}
const isCommitted = async (id: string) =>
  (await t.db.select({ id: requests.id }).from(requests).where(eq(requests.id, id))).length === 1;
const hasEvent = async (id: string) =>
  (
    await t.db
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'request_filed'), eq(auditEvents.entityId, id)))
  ).length === 1;
const pending = async () =>
  Number((await t.db.execute<{ n: string }>(sql`select count(*) as n from audit_events_pending`))[0]!.n);

describe('[AUDIT] Art. 22(1)(5): a crash between a change and its audit event loses neither alone', () => {
  test('[AUDIT] killed after the change, before the commit: nothing of it is kept, the chain verifies', async () => {
    const { child, filed, exited } = start('open');
    const id = await filed;
    await waitUntil(async () => (await childSession())?.state === 'idle in transaction');
    child.kill('SIGKILL');
    assert.equal((await exited).signal, 'SIGKILL');
    await waitUntil(async () => !(await childSession()));
    assert.equal(await isCommitted(id), false);
    assert.equal(await hasEvent(id), false);
    assert.deepEqual(await committedWithoutEvent(), []);
    assert.equal(await pending(), 0);
    assert.equal((await verifyAuditChain(t.db)).intact, true);
  });

  test('[AUDIT] killed while its commit waits to chain the audit event: the change is kept with its event, or neither', async () => {
    // The test holds the chain's lock, so the child's commit stops exactly at chaining its event.
    const holder = await t.db.$client.reserve();
    try {
      await holder`begin`;
      await holder`select pg_advisory_xact_lock(hashtext('derbes.audit_events.chain'))`;
      const { child, filed, exited } = start('commit');
      const id = await filed;
      await waitUntil(async () => (await childSession())?.wait_event === 'advisory');
      child.kill('SIGKILL');
      assert.equal((await exited).signal, 'SIGKILL');
      await holder`commit`;
      await waitUntil(async () => !(await childSession()));
      // The server finishes a commit it has begun (the client's death is seen when it answers),
      // and the commit chains the event: both are there. Never the change alone.
      assert.equal(await hasEvent(id), await isCommitted(id));
      assert.deepEqual(await committedWithoutEvent(), []);
    } finally {
      holder.release();
    }
    assert.equal(await pending(), 0);
    assert.equal((await verifyAuditChain(t.db)).intact, true);
  });

  test('[AUDIT] after the crashes the portal files again: the new request and its event join the intact chain', async () => {
    const before = (await verifyAuditChain(t.db)).count;
    const { filed, exited } = start('commit');
    const id = await filed;
    assert.equal((await exited).code, 0);
    assert.equal(await isCommitted(id), true);
    assert.equal(await hasEvent(id), true);
    assert.deepEqual(await committedWithoutEvent(), []);
    const check = await verifyAuditChain(t.db);
    assert.equal(check.intact, true);
    assert.ok(check.count > before);
  });
});
