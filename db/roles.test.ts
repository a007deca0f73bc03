import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { recordAudit, systemActor } from '@/lib/audit/record';
import { verifyAuditChain } from '@/lib/audit/verify';
import { drizzleOver } from '.';
import { applicationRoleGrants, findApplicationRoleProblems, roleOfUrl } from './roles';
import { createTestDatabase, type TestDatabase } from './testing';

/**
 * The portal's own database role (db/roles.ts), connected as the portal connects: it writes the
 * audit trail and cannot rewrite it, whatever it tries.
 */
let t: TestDatabase;
let client: postgres.Sql;
before(async () => {
  t = await createTestDatabase();
  client = postgres(t.appUrl, { max: 1, onnotice: () => {} });
});
after(async () => {
  await client.end({ timeout: 5 });
  await t.drop();
});

/** PostgreSQL's refusal of a privilege (42501) or of ownership (42501 too: "must be owner"). */
async function refused(statement: string) {
  await assert.rejects(client.unsafe(statement), (error: postgres.PostgresError) => {
    assert.equal(error.code, '42501', `${statement}: ${error.message}`);
    return true;
  });
}

describe('[AUDIT] Art. 22(1)(5): the portal role cannot rewrite the audit trail', () => {
  test('[AUDIT] it is not the superuser that owns the tables', () => {
    assert.notEqual(roleOfUrl(t.appUrl), roleOfUrl(t.url));
  });

  test('[AUDIT] it writes and reads audit events', async () => {
    const db = drizzleOver(client);
    await db.transaction((tx) =>
      recordAudit(tx, { actor: systemActor, action: 'calendar_changed', entityType: 'calendar_day', reason: 'a' }),
    );
    await db.transaction((tx) =>
      recordAudit(tx, { actor: systemActor, action: 'calendar_changed', entityType: 'calendar_day', reason: 'b' }),
    );
    assert.deepEqual(await verifyAuditChain(db), { intact: true, count: 2 });
  });

  test('[AUDIT] it cannot disable the triggers, skip them, or change, delete or empty events and seals', async () => {
    await refused('alter table audit_events disable trigger user');
    await refused('alter table audit_events disable trigger audit_events_no_update');
    await refused('alter table audit_seals disable trigger user');
    await refused('drop trigger audit_events_no_update on audit_events');
    await refused('set session_replication_role = replica');
    await refused(`update audit_events set reason = 'edited' where id = 1`);
    await refused('delete from audit_events where id = 2');
    await refused('truncate audit_events');
    await refused(`update audit_seals set seal = ''`);
    await refused('delete from audit_seals');
    await refused('truncate audit_seals');
    // The subjects a batch event names (migration 0030) are part of the trail too.
    await refused('alter table audit_event_subjects disable trigger user');
    await refused(`update audit_event_subjects set request_id = subject_id`);
    await refused('delete from audit_event_subjects');
    await refused('truncate audit_event_subjects');
    // An event committed and not chained yet (migration 0034) cannot be rewritten before its chaining.
    await refused(`update audit_events_pending set reason = 'edited'`);
    await refused(
      'create or replace function audit_events_append_only() returns trigger language plpgsql as $$ begin return new; end $$',
    );
    // Nothing happened: the chain is as it was written.
    assert.deepEqual(await verifyAuditChain(drizzle(client)), { intact: true, count: 2 });
  });

  test('[AUDIT] the start-up check passes for it and names what is wrong with a superuser', async () => {
    assert.deepEqual(await findApplicationRoleProblems(drizzle(client)), []);
    const problems = await findApplicationRoleProblems(t.db);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /is a superuser: it can switch the audit log's triggers off/);
  });

  test('[AUDIT] a role that owns the tables, or may change events, is named too', async () => {
    const owner = `derbes_owner_${Math.random().toString(36).slice(2, 8)}`;
    await t.db.execute(sql.raw(`create role ${owner} login password 'owner-test' nosuperuser`));
    try {
      await t.db.execute(sql.raw(`grant usage on schema public to ${owner}`));
      await t.db.execute(sql.raw(`alter table audit_events owner to ${owner}`));
      await t.db.execute(sql.raw(`grant select, delete on audit_event_subjects to ${owner}`));
      const url = new URL(t.url);
      url.username = owner;
      url.password = 'owner-test';
      const asOwner = postgres(url.toString(), { max: 1, onnotice: () => {} });
      try {
        const problems = await findApplicationRoleProblems(drizzle(asOwner));
        assert.ok(
          problems.some((p) => /owns audit_events/.test(p)),
          JSON.stringify(problems),
        );
        assert.ok(
          problems.some((p) => /may UPDATE, DELETE or TRUNCATE audit_events/.test(p)),
          JSON.stringify(problems),
        );
        // The subjects a batch event names are part of the trail (migration 0030).
        assert.ok(
          problems.some((p) => /may UPDATE, DELETE or TRUNCATE audit_event_subjects/.test(p)),
          JSON.stringify(problems),
        );
      } finally {
        await asOwner.end({ timeout: 5 });
      }
    } finally {
      await t.db.execute(sql.raw(`alter table audit_events owner to ${roleOfUrl(t.url)}`));
      await t.db.execute(sql.raw(`drop owned by ${owner}`));
      await t.db.execute(sql.raw(`drop role ${owner}`));
    }
  });
});

test('[AUDIT] README, "Going to production", shows a DBA exactly the grants the migrator applies', () => {
  const readme = readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Going to production'));
  for (const statement of applicationRoleGrants('derbes_app'))
    assert.ok(section.includes(`${statement.replaceAll('"', '')};`), `README lacks: ${statement}`);
});
