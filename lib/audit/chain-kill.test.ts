import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { chainAuditEvents } from '@/db/audit-chain';
import { auditEvents } from '@/db/schema/audit';
import { requests } from '@/db/schema/requests';
import { createSeededTestDatabase, createSubjectWithItems, type TestDatabase } from '@/db/testing';
import { verifyAuditChain } from './verify';

/**
 * Issue 15: audit events are chained after their transaction commits (migration 0034,
 * db/audit-chain.ts): the change and its pending event commit together, the chaining is a later
 * transaction. A real process, filing as the portal's role through the portal's Drizzle, is killed
 * with SIGKILL between the two: its committed change keeps its event, committed and pending, which
 * the next chaining (the worker's sweep, at its start and every few seconds) puts in the chain,
 * and the chain verifies. Killed before its commit, nothing of it is kept.
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
    await t.db.execute<{ state: string; wait_event_type: string | null; wait_event: string | null; query: string }>(
      sql`select state, wait_event_type, wait_event, query from pg_stat_activity where application_name = 'chain-kill-child'`,
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
/** The request's events committed but not chained yet. */
const pendingFor = async (id: string) =>
  Number(
    (
      await t.db.execute<{ n: string }>(
        sql`select count(*) as n from audit_events_pending where action = 'request_filed' and entity_id = ${id}`,
      )
    )[0]!.n,
  );
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

  test('[AUDIT] killed after its commit, before its chaining: the change keeps its event, which the sweep chains', async () => {
    // The test holds the chain's lock, so the child's chaining, right after its commit, waits.
    const holder = await t.db.$client.reserve();
    let id: string;
    try {
      await holder`begin`;
      await holder`select pg_advisory_xact_lock(hashtext('derbes.audit_events.chain'))`;
      const { child, filed, exited } = start('commit');
      id = await filed;
      await waitUntil(async () => {
        const session = await childSession();
        return session?.wait_event === 'advisory' && /chain_audit_events/.test(session.query);
      });
      // Committed: the request, and its event waiting to be chained.
      assert.equal(await isCommitted(id), true);
      assert.equal(await pendingFor(id), 1);
      child.kill('SIGKILL');
      assert.equal((await exited).signal, 'SIGKILL');
      // Its session notices the death and ends without chaining (the lock is still held here).
      await waitUntil(async () => !(await childSession()));
    } finally {
      await holder`commit`;
      holder.release();
    }
    // Between the crash and the sweep: the change is committed, its event too, not in the chain yet.
    assert.equal(await isCommitted(id), true);
    assert.equal(await hasEvent(id), false);
    assert.equal(await pendingFor(id), 1);
    assert.equal((await verifyAuditChain(t.db)).intact, true);
    // The worker's sweep (lib/jobs/background.ts) chains what the dead process left.
    const before = (await verifyAuditChain(t.db)).count;
    await chainAuditEvents(t.db);
    assert.equal(await hasEvent(id), true);
    assert.deepEqual(await committedWithoutEvent(), []);
    assert.equal(await pending(), 0);
    assert.deepEqual(await verifyAuditChain(t.db), { intact: true, count: before + 1 });
  });

  test('[AUDIT] after the crashes the portal files again: its own process chains the new event, the chain is intact', async () => {
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
