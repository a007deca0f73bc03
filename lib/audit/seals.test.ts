import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { drizzleOver, type Db } from '@/db';
import { listSubjectActivity } from '@/db/queries/activity';
import { searchAuditEvents } from '@/db/queries/audit';
import { auditEvents, auditSeals } from '@/db/schema/audit';
import { users } from '@/db/schema/auth';
import { outgoingEmails } from '@/db/schema/mail';
import { createSubjectWithItems, createTestDatabase, type TestDatabase } from '@/db/testing';
import { parseAuditFilters } from './filters';
import { recordAudit, systemActor } from './record';
import {
  computeSeal,
  describeSealProblem,
  formatSealLine,
  parseSealLines,
  sealAuditDays,
  verifyAuditSeals,
} from './seals';
import { verifyAuditChain } from './verify';

const KEY = 'a-test-seal-key-of-at-least-32-bytes!';
const DAY = 86_400_000;

let t: TestDatabase;
let app: { db: Db; end: () => Promise<void> };
let dir: string;
let file: string;
before(async () => {
  t = await createTestDatabase();
  // The portal's own role (db/roles.ts): the seal job and the writer run as it, as in production.
  const client = postgres(t.appUrl, { max: 2, onnotice: () => {} });
  app = { db: drizzleOver(client), end: () => client.end({ timeout: 5 }) };
  dir = mkdtempSync(path.join(tmpdir(), 'derbes-seals-'));
  file = path.join(dir, 'audit-seals.jsonl');
});
after(async () => {
  await app.end();
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

const record = (n: number) =>
  app.db.transaction((tx) =>
    recordAudit(tx, {
      actor: systemActor,
      action: 'calendar_changed',
      entityType: 'calendar_day',
      entityId: `event ${n}`,
      reason: `test ${n}`,
    }),
  );

/**
 * What whoever may switch the triggers off (a superuser, the tables' owner) can do: with the
 * triggers disabled, run `change`, then recompute every hash from event `from` on, so that the
 * chain verifies again. In one transaction, the triggers back on at the end: nothing shows.
 */
async function rewrite(from: number, change: string) {
  await t.db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_events disable trigger user`);
    await tx.execute(sql.raw(change));
    await tx.execute(sql`
      do $$
      declare
        r record;
        previous text;
      begin
        select hash into previous from audit_events where id = ${sql.raw(String(from - 1))};
        for r in select id from audit_events where id >= ${sql.raw(String(from))} order by id loop
          update audit_events set prev_hash = previous where id = r.id;
          update audit_events e set hash = audit_event_hash(e) where id = r.id returning hash into previous;
        end loop;
      end $$`);
    await tx.execute(sql`alter table audit_events enable trigger user`);
  });
}

/** Moves events from `from` on `days` into the past (a rewrite too), so that tests can have yesterdays. */
const backdate = (from: number, days: number) =>
  rewrite(from, `update audit_events set at = at - interval '${days} days' where id >= ${from}`);

const now = Date.now();
const fileLines = () => parseSealLines(readFileSync(file, 'utf8'));

describe('[AUDIT] Art. 22(1)(5): daily seals of the audit chain, with a key outside the database', () => {
  test('[AUDIT] each day is sealed once, as the portal role, into the table, the seals file and an e-mail to each dpo', async () => {
    await t.db.insert(users).values([
      { email: 'dpo@seal.test', role: 'dpo' },
      { email: 'old-dpo@seal.test', role: 'dpo', disabledAt: new Date() },
      { email: 'agent@seal.test', role: 'agent' },
    ]);
    // Three days: events 1–3 two days ago, 4–5 yesterday, 6 today.
    for (const n of [1, 2, 3]) await record(n);
    await backdate(1, 2);
    assert.deepEqual(await sealAuditDays(app.db, new Date(now - DAY), { key: KEY, file }), [...(await sealsAsLines())]);
    for (const n of [4, 5]) await record(n);
    await backdate(4, 1);
    await sealAuditDays(app.db, new Date(now), { key: KEY, file });
    await record(6);
    const today = await sealAuditDays(app.db, new Date(now + DAY), { key: KEY, file });
    assert.equal(today.length, 1);
    assert.deepEqual(await sealAuditDays(app.db, new Date(now + DAY), { key: KEY, file }), [], 'a day is sealed once');

    const seals = await t.db.select().from(auditSeals).orderBy(auditSeals.day);
    assert.deepEqual(
      seals.map((s) => s.lastEventId),
      [3, 5, 6],
    );
    assert.deepEqual(fileLines(), await sealsAsLines(), 'the file holds the same seals, one line each');
    const emails = await t.db.select().from(outgoingEmails).where(eq(outgoingEmails.kind, 'audit_seals'));
    assert.deepEqual([...new Set(emails.map((e) => e.toAddress))], ['dpo@seal.test'], 'active dpos only');
    assert.equal(emails.length, 3, 'one e-mail a run');
    assert.ok(emails.every((e) => /Аудит журналы .*Журнал аудита .*Audit trail/s.test(e.subject)));
    assert.ok(emails.at(-1)!.textBody.includes(formatSealLine((await sealsAsLines()).at(-1)!)), 'the seal line');
    assert.ok(emails.at(-1)!.textBody.includes('verify-audit --seals'));

    const check = await verifyAuditSeals(app.db, KEY, fileLines());
    assert.deepEqual(check.problems, []);
    assert.equal(check.database, 3);
    assert.equal(check.file, 3);
  });

  test('[AUDIT] Art. 22(1)(5): a rewritten chain is detected against the sealed heads', async () => {
    const [twoDaysAgo, yesterday, today] = (await sealsAsLines()).map((s) => s.day);
    // The owner switches the triggers off, edits yesterday's first event and recomputes the chain.
    await rewrite(4, `update audit_events set reason = 'nothing happened' where id = 4`);
    const [edited] = await t.db.select().from(auditEvents).where(eq(auditEvents.id, 4));
    assert.equal(edited?.reason, 'nothing happened');

    // The chain alone is fooled:
    assert.deepEqual(await verifyAuditChain(t.db), { intact: true, count: 6 });
    // the seals are not: yesterday is the first day that diverges, two days ago still holds.
    const check = await verifyAuditSeals(app.db, KEY, fileLines());
    assert.deepEqual(
      check.problems.map((p) => [p.source, p.day, p.kind, p.lastEventId]),
      [
        ['database', yesterday, 'rewritten', 5],
        ['database', today, 'rewritten', 6],
        ['file', yesterday, 'rewritten', 5],
        ['file', today, 'rewritten', 6],
      ],
    );
    assert.ok(!check.problems.some((p) => p.day === twoDaysAgo));
    assert.match(describeSealProblem(check.problems[0]!), new RegExp(`^REWRITTEN: the seal of ${yesterday} .*event 5`));

    // Deleting the seals from the database as well hides nothing from the exported file.
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_seals disable trigger user`);
      await tx.execute(sql`delete from audit_seals`);
      await tx.execute(sql`alter table audit_seals enable trigger user`);
    });
    assert.deepEqual((await verifyAuditSeals(app.db, KEY)).problems, [], 'the database alone is fooled too');
    const withFile = await verifyAuditSeals(app.db, KEY, fileLines());
    assert.deepEqual(
      withFile.problems.filter((p) => p.kind === 'rewritten').map((p) => p.day),
      [yesterday, today],
    );
    assert.equal(withFile.problems.filter((p) => p.kind === 'not_in_database').length, 3);
  });

  test('[AUDIT] a seal cannot be made without the key: an altered or re-made seal is found', async () => {
    const [line] = fileLines();
    const forgedHash = 'f'.repeat(64);
    // Whoever rewrote the chain puts the new hash in the seal, but cannot compute the seal itself.
    const altered = { ...line!, lastHash: forgedHash };
    const otherKey = {
      ...line!,
      lastHash: forgedHash,
      seal: computeSeal('x'.repeat(32), { ...line!, lastHash: forgedHash }),
    };
    writeFileSync(path.join(dir, 'forged.jsonl'), `${formatSealLine(altered)}\n${formatSealLine(otherKey)}\n`);
    const check = await verifyAuditSeals(
      app.db,
      KEY,
      parseSealLines(readFileSync(path.join(dir, 'forged.jsonl'), 'utf8')),
    );
    assert.deepEqual(
      check.problems.filter((p) => p.source === 'file' && p.kind === 'forged').length,
      2,
      'neither verifies under the key',
    );
    assert.deepEqual(
      (await verifyAuditSeals(app.db, 'y'.repeat(32), [line!])).problems.map((p) => p.kind),
      ['other_key', 'not_in_database'],
    );
    assert.throws(() => parseSealLines('{"v":1,"day":"2026-01-01"}'), /line 1 is not a seal/);
    assert.throws(() => parseSealLines('\n# comment\nnot json'), /line 3 is not a seal/);
  });
});

describe('[AUDIT] Art. 22(1)(5): where a request came from is recorded for staff, not shown to the subject', () => {
  test('[AUDIT] the client address and user agent are recorded, in the hash, and shown on the staff trail only', async () => {
    const { subject } = await createSubjectWithItems(t.db);
    await app.db.transaction((tx) =>
      recordAudit(tx, {
        actor: { id: null, role: 'agent' },
        action: 'data_viewed',
        subjectId: subject.id,
        entityType: 'subject',
        entityId: subject.id,
        client: { address: '203.0.113.7', userAgent: `Mozilla/5.0 ${'x'.repeat(600)}` },
      }),
    );
    // Outside a request (this test, a job) there is no client: nulls, not an error.
    await app.db.transaction((tx) =>
      recordAudit(tx, { actor: systemActor, action: 'data_viewed', subjectId: subject.id, entityType: 'subject' }),
    );
    const [withClient, withoutClient] = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, subject.id))
      .orderBy(auditEvents.id);
    assert.equal(withClient?.clientAddress, '203.0.113.7');
    assert.equal(withClient?.userAgent?.length, 512, 'the user agent is capped');
    assert.equal(withoutClient?.clientAddress, null);

    // Staff see them on the trail (and its CSV export reads the same rows)…
    const trail = await searchAuditEvents(t.db, parseAuditFilters({ subject: subject.email! }));
    assert.equal(trail.find((r) => r.id === withClient!.id)?.clientAddress, '203.0.113.7');
    // …the subject's activity page never.
    const activity = await listSubjectActivity(t.db, subject.id);
    assert.equal(activity.length, 2);
    for (const entry of activity) {
      assert.ok(!('clientAddress' in entry) && !('userAgent' in entry));
      assert.ok(!JSON.stringify(entry).includes('203.0.113.7'));
    }

    // An event without a client hashes as before migration 0006; the address is in the hash.
    const [same] = await t.db.execute<{ same: boolean }>(sql`
      select audit_event_hash(e) = encode(sha256(convert_to(jsonb_build_array(
        e.prev_hash, e.id, (extract(epoch FROM e.at) * 1000000)::bigint, e.actor_id, e.actor_role::text,
        e.subject_id, e.action::text, e.entity_type, e.entity_id, e.reason, e.details)::text, 'UTF8')), 'hex') as same
      from audit_events e where e.id = ${withoutClient!.id}`);
    assert.equal(same?.same, true);
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update audit_events set client_address = '198.51.100.1' where id = ${withClient!.id}`);
    });
    assert.deepEqual(await verifyAuditChain(t.db), { intact: false, count: 8, firstBrokenId: withClient!.id });
  });
});

async function sealsAsLines() {
  return (await t.db.select().from(auditSeals).orderBy(auditSeals.day)).map((row) => ({
    v: 1 as const,
    day: row.day,
    lastEventId: row.lastEventId,
    lastHash: row.lastHash,
    keyId: row.keyId,
    seal: row.seal,
    sealedAt: row.sealedAt.toISOString(),
  }));
}
