import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { closeDb } from '@/db';
import { auditEvents } from '@/db/schema/audit';
import { users } from '@/db/schema/auth';
import { apiTokens } from '@/db/schema/integrations';
import { jobRuns } from '@/db/schema/jobs';
import { outgoingEmails } from '@/db/schema/mail';
import { dataItems, subjects } from '@/db/schema/subjects';
import { createSeededTestDatabase, type TestDatabase } from '@/db/testing';
import { sealAuditDays } from '@/lib/audit/seals';
import { resetEnv } from '@/lib/env';
import { enqueueEmail } from '@/lib/mail/outbox';
import { runCli } from './cli';

/**
 * `npm run derbes -- <command>` against a real database. Every command answers --help, exits
 * non-zero on failure and reports a failure in one line, with no stack trace. The commands run
 * in-process through runCli, what the script's main runs (a process with tsx costs 2–4 CPU-s to
 * start, and CI ran ~46 of them); the tests at the end run the script as the operator runs it, a
 * separate process configured by its environment: its exit codes, stdout and stderr, and the
 * failures that happen before any command runs (the configuration, the database unreachable).
 */
let t: TestDatabase;
before(async () => {
  t = await createSeededTestDatabase();
});
after(async () => {
  // A pool a command may have opened on DATABASE_URL (getDb), before the database goes.
  await closeDb();
  await t.drop();
});

type Run = { code: number; stdout: string; stderr: string };

/**
 * A command run in this process on the test database, with `env` set for it (as the process's
 * environment would be; DATABASE_URL for `migrate`, which opens its own connections).
 */
async function derbes(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const set = { DATABASE_URL: t.url, ...env };
  const saved = Object.fromEntries(Object.keys(set).map((name) => [name, process.env[name]]));
  Object.assign(process.env, set);
  resetEnv();
  const run = { code: 1, stdout: '', stderr: '' };
  try {
    run.code = await runCli(args, async () => ({ db: t.db, close: async () => {} }), {
      stdout: (text) => (run.stdout += text),
      stderr: (text) => (run.stderr += text),
    });
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnv();
  }
  return run;
}

/** `npm run derbes -- …` as a process of its own, as the operator runs it. */
function derbesProcess(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATABASE_URL: t.url,
        LOG_LEVEL: 'warn',
        ...env,
      } as unknown as NodeJS.ProcessEnv,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** A failure is one line on stderr, "derbes: …", never a stack trace. */
function assertOneLineFailure(run: Run, pattern: RegExp) {
  assert.notEqual(run.code, 0);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got: ${run.stderr}`);
  assert.match(lines[0]!, /^derbes: /);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(run.stderr, /\n\s+at /);
}

describe("[CLI] the operator's command line", () => {
  test('[CLI] --help lists every command, and every command has its own --help', async () => {
    // As a process: exit 0 and the list on stdout.
    const help = await derbesProcess(['--help']);
    assert.equal(help.code, 0);
    for (const command of [
      'migrate',
      'create-admin',
      'verify-audit',
      'run-retention',
      'outbox status',
      'outbox retry',
      'calendar status',
      'token create',
    ]) {
      assert.match(help.stdout, new RegExp(command));
    }
    for (const command of ['migrate', 'create-admin', 'verify-audit', 'run-retention', 'outbox', 'calendar', 'token']) {
      const own = await derbes([command, '--help']);
      assert.equal(own.code, 0, command);
      assert.match(own.stdout, /^usage: npm run derbes -- /);
    }
  });

  test('[CLI] an unknown command is one line and exit 1', async () => {
    assertOneLineFailure(await derbes(['frobnicate']), /unknown command "frobnicate"/);
  });

  test('[CLI] migrate applies what is missing and can run again', async () => {
    const run = await derbes(['migrate']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /up to date/);
  });

  test('[CLI] create-admin makes an admin, recorded in the audit trail; a bad address is refused', async () => {
    const run = await derbes(['create-admin', 'New.Admin@Example.kz']);
    assert.equal(run.code, 0, run.stderr);
    const [admin] = await t.db.select().from(users).where(eq(users.email, 'new.admin@example.kz'));
    assert.equal(admin?.role, 'admin');
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, admin!.id));
    assert.ok(events.some((e) => e.action === 'staff_changed' && e.actorRole === 'system'));
    assertOneLineFailure(await derbes(['create-admin', 'not-an-address']), /not an e-mail address/);
    const missing = await derbes(['create-admin']);
    assert.equal(missing.code, 1);
    assert.match(missing.stdout, /usage/);
  });

  test('[IMPORT] import subjects: a dry run writes nothing and names a bad row by its line; the import adds the sample once', async () => {
    const count = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(subjects))[0]!.n;
    const before = await count();
    const sample = await derbes(['import', 'subjects', 'docs/samples/subjects.csv', '--dry-run']);
    assert.equal(sample.code, 0, sample.stderr);
    assert.match(sample.stdout, /\(utf-8\): 5 row\(s\): 5 would be new, 0 would update a subject/);
    assert.match(sample.stdout, /nothing was written/);
    const dir = mkdtempSync(path.join(tmpdir(), 'derbes-cli-import-'));
    const bad = path.join(dir, 'bad.csv');
    // Windows-1251 has no Kazakh letters: Excel's Russian CSV, as a Russian-named row.
    writeFileSync(bad, iconv.encode('external_id;full_name;iin\nX-1;Иванов;123456789012\n', 'windows-1251'));
    const run = await derbes(['import', 'subjects', bad, '--dry-run']);
    rmSync(dir, { recursive: true });
    assert.equal(run.code, 2);
    assert.match(run.stdout, /\(windows-1251\): 1 row\(s\)/);
    assert.match(run.stdout, /line 2: Invalid IIN/);
    assert.equal(await count(), before);

    const imported = await derbes(['import', 'subjects', 'docs/samples/subjects.csv', '--source', 'HR system']);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /5 added, 0 updated, 0 already up to date, 0 conflict\(s\), 0 turned down/);
    assert.equal(await count(), before + 5);
    const again = await derbes(['import', 'subjects', 'docs/samples/subjects.csv', '--source', 'HR system']);
    assert.match(again.stdout, /0 added, 0 updated, 5 already up to date/);
    assert.equal(await count(), before + 5);
  });

  test('[IMPORT] Art. 8-2: import items: the sample goes in once, bad rows are listed by line and written out with --rejected', async () => {
    // The subjects the sample's items belong to were imported by the test above.
    const count = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(dataItems))[0]!.n;
    const before = await count();
    const dry = await derbes(['import', 'items', 'docs/samples/items.csv', '--dry-run']);
    assert.equal(dry.code, 0, dry.stdout + dry.stderr);
    assert.match(
      dry.stdout,
      /\(utf-8\): 18 row\(s\): 18 would be new, 0 would update an item, 0 already up to date, 0 turned down/,
    );
    assert.equal(await count(), before);

    const imported = await derbes(['import', 'items', 'docs/samples/items.csv']);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /18 added, 0 updated, 0 already up to date, 0 turned down/);
    assert.equal(await count(), before + 18);
    const again = await derbes(['import', 'items', 'docs/samples/items.csv']);
    assert.match(again.stdout, /0 added, 0 updated, 18 already up to date/);

    const dir = mkdtempSync(path.join(tmpdir(), 'derbes-cli-items-'));
    try {
      const bad = path.join(dir, 'bad.csv');
      const out = path.join(dir, 'rejected.csv');
      writeFileSync(
        bad,
        'external_id,category,value,source,method,collected_at,system\n' +
          'EMP-0001,email,aigerim@example.kz,subject,manual,,hr\n' +
          'NOBODY,email,x@example.kz,subject,manual,,crm\n',
      );
      const run = await derbes(['import', 'items', bad, '--dry-run', '--rejected', out]);
      assert.equal(run.code, 2);
      assert.match(run.stdout, /line 2: This system does not hold personal data of this category/);
      assert.match(run.stdout, /line 3: No data subject has this operator identifier/);
      assert.match(run.stdout, /2 turned-down row\(s\) written to/);
      const written = readFileSync(out, 'utf8');
      assert.match(
        written,
        /^\uFEFFexternal_id,category,value,source,method,collected_at,system,purposes,line,reason\r\n/,
      );
      assert.match(written, /NOBODY,email,x@example\.kz,subject,manual,,crm,,3,No data subject/);

      // An XLSX file by its extension: the first worksheet, the header on row 1.
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('items');
      sheet.addRow(['external_id', 'category', 'value', 'source', 'method', 'collected_at', 'system']);
      sheet.addRow(['EMP-0003', 'phone', 77015550303, 'subject', 'manual', new Date(Date.UTC(2025, 1, 10)), 'crm']);
      const xlsx = path.join(dir, 'items.xlsx');
      await workbook.xlsx.writeFile(xlsx);
      const fromXlsx = await derbes(['import', 'items', xlsx, '--dry-run']);
      assert.equal(fromXlsx.code, 0, fromXlsx.stdout + fromXlsx.stderr);
      assert.match(fromXlsx.stdout, /\(xlsx\): 1 row\(s\): 1 would be new/);

      const other = path.join(dir, 'items.txt');
      writeFileSync(other, '');
      assertOneLineFailure(await derbes(['import', 'items', other]), /must be a \.csv or an \.xlsx file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('[CLI] run-retention runs the check now and records the run', async () => {
    const run = await derbes(['run-retention']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /retention: \d+ consent/);
    const runs = await t.db.select().from(jobRuns).where(eq(jobRuns.job, 'retention'));
    assert.equal(runs.length, 1);
    assert.equal(runs[0]?.outcome, 'succeeded');
  });

  test('[CLI] outbox status shows the backlog and failed e-mails without their addresses; retry queues them again', async () => {
    await enqueueEmail(t.db, {
      kind: 'test',
      to: 'failing@example.kz',
      locale: 'ru',
      subject: 's',
      text: 't',
      html: '<p>t</p>',
    });
    await t.db
      .update(outgoingEmails)
      .set({ state: 'failed', attempts: 12, lastError: 'refused by the SMTP server for failing@example.kz' })
      .where(eq(outgoingEmails.toAddress, 'failing@example.kz'));
    const status = await derbes(['outbox', 'status']);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /failed: +1/);
    assert.doesNotMatch(status.stdout, /failing@example\.kz/);

    assertOneLineFailure(await derbes(['outbox', 'retry', '--id', 'abc']), /--id/);
    const none = await derbes(['outbox', 'retry', '--id', '999999']);
    assert.equal(none.code, 1);
    const retry = await derbes(['outbox', 'retry']);
    assert.equal(retry.code, 0, retry.stderr);
    assert.match(retry.stdout, /1 e-mail\(s\) queued again/);
    const [row] = await t.db.select().from(outgoingEmails).where(eq(outgoingEmails.toAddress, 'failing@example.kz'));
    assert.equal(row?.state, 'pending');
    assert.equal(row?.attempts, 0);
  });

  test('[CLI] calendar status names the last year with holiday data and the provisional entries', async () => {
    const run = await derbes(['calendar', 'status']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /holiday data until 2027-12-31/);
    assert.match(run.stdout, /provisional: 2027-05-16/);
  });

  test('[AUDIT] Art. 22(1)(5): verify-audit says intact, and after a rewrite exits 1 naming the first broken link', async () => {
    const intact = await derbes(['verify-audit'], { AUDIT_SEAL_KEY: 'a-cli-test-seal-key-of-32-bytes-or-more' });
    assert.equal(intact.code, 0, intact.stderr);
    assert.match(intact.stdout, /audit trail intact: \d+ event/);
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update audit_events set reason = 'rewritten' where id = 3`);
    });
    // As a process: a command's own exit code (1) and what it printed reach the operator.
    const broken = await derbesProcess(['verify-audit'], { AUDIT_SEAL_KEY: 'a-cli-test-seal-key-of-32-bytes-or-more' });
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, /first broken link is event 3/);
  });

  test('[AUDIT] Art. 22(1)(5): verify-audit --seals finds a rewrite that the chain check alone calls intact, naming the day', async () => {
    const key = 'a-cli-test-seal-key-of-32-bytes-or-more';
    const dir = mkdtempSync(path.join(tmpdir(), 'derbes-cli-seals-'));
    const file = path.join(dir, 'audit-seals.jsonl');
    try {
      // The previous test broke the chain on purpose: recomputed, it is whole again (as a rewrite would leave it).
      await rewriteChain(`select 1`);
      const [seal] = await sealAuditDays(t.db, new Date(Date.now() + 86_400_000), { key, file });
      assert.ok(seal, 'today is sealed');
      const sealed = await derbes(['verify-audit', '--seals', file], { AUDIT_SEAL_KEY: key });
      assert.equal(sealed.code, 0, sealed.stdout + sealed.stderr);
      assert.match(
        sealed.stdout,
        new RegExp(`1 daily seal\\(s\\) and 1 line\\(s\\) of .* match, the last of ${seal.day}`),
      );

      // With the triggers off, an event edited and every hash after it recomputed…
      await rewriteChain(`update audit_events set reason = 'rewritten quietly' where id = 2`);
      const chainOnly = await derbes(['verify-audit'], { AUDIT_SEAL_KEY: 'another-key-that-has-32-bytes-or-more' });
      assert.doesNotMatch(chainOnly.stdout, /BROKEN/, 'the chain alone verifies');
      // …is found by the seals, in the database and in the file, naming the day.
      const run = await derbes(['verify-audit', '--seals', file], { AUDIT_SEAL_KEY: key });
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.doesNotMatch(run.stdout, /first broken link/);
      assert.match(
        run.stdout,
        new RegExp(`REWRITTEN: the seal of ${seal.day} \\(in the database\\): event ${seal.lastEventId} `),
      );
      assert.match(run.stdout, new RegExp(`REWRITTEN: the seal of ${seal.day} \\(in the seals file\\)`));
      assert.match(run.stdout, new RegExp(`audit trail REWRITTEN: .* the first day that diverges is ${seal.day}`));

      assertOneLineFailure(
        await derbes(['verify-audit', '--seals', path.join(dir, 'none')], { AUDIT_SEAL_KEY: key }),
        /cannot be read \(ENOENT\)/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('[API] token create prints the token once and keeps only its hash; list shows it without it; revoke refuses it', async () => {
    const name = `cli-${Date.now()}`;
    const made = await derbes([
      'token',
      'create',
      '--name',
      name,
      '--system',
      'crm',
      '--scopes',
      'subjects:write,requests:read',
      '--days',
      '7',
    ]);
    assert.equal(made.code, 0, made.stderr);
    const token = made.stdout.match(/dbs_[A-Za-z0-9_-]{43}/)?.[0];
    assert.ok(token, made.stdout);
    const [row] = await t.db.select().from(apiTokens).where(eq(apiTokens.name, name));
    assert.equal(row!.tokenHash, createHash('sha256').update(token).digest('hex'));
    assert.deepEqual(row!.scopes, ['subjects:write', 'requests:read']);
    assert.ok(Math.abs(row!.expiresAt.getTime() - Date.now() - 7 * 86_400_000) < 60_000);
    const list = await derbes(['token', 'list']);
    assert.equal(list.code, 0);
    assert.match(list.stdout, new RegExp(`${name}\\s+system crm\\s+${token.slice(0, 12)}….*active`));
    assert.ok(!list.stdout.includes(token));
    const again = await derbes(['token', 'create', '--name', name, '--system', 'crm', '--scopes', 'subjects:write']);
    assertOneLineFailure(again, /already exists/);
    const unknownSystem = await derbes([
      'token',
      'create',
      '--name',
      `${name}-2`,
      '--system',
      'nope',
      '--scopes',
      'subjects:write',
    ]);
    assertOneLineFailure(unknownSystem, /no system/);
    const badScope = await derbes([
      'token',
      'create',
      '--name',
      `${name}-3`,
      '--system',
      'crm',
      '--scopes',
      'everything',
    ]);
    assertOneLineFailure(badScope, /--scopes/);
    const revoked = await derbes(['token', 'revoke', '--name', name]);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match((await derbes(['token', 'list'])).stdout, new RegExp(`${name}.*revoked`));
    // Art. 22(1)(5): both in the audit trail, as done from the command line, naming the token, never holding it.
    const trail = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, row!.id))
      .orderBy(auditEvents.id);
    assert.deepEqual(
      trail.map((e) => [e.action, e.actorRole, (e.details as { change: string }).change]),
      [
        ['integration_changed', 'system', 'created'],
        ['integration_changed', 'system', 'revoked'],
      ],
    );
    assert.ok(!JSON.stringify(trail).includes(token));
  });

  test('[CLI] an unreachable database is one line, without the password', async () => {
    const run = await derbesProcess(['calendar', 'status'], {
      DATABASE_URL: 'postgres://derbes:S3cretPass@127.0.0.1:9/derbes',
    });
    assertOneLineFailure(run, /cannot be reached/);
    assert.doesNotMatch(run.stderr + run.stdout, /S3cretPass/);
  });

  test('[CONFIG] production mode refuses to run a command without its configuration, listing what is missing', async () => {
    const run = await derbesProcess(['calendar', 'status'], { DERBES_MODE: 'production', DATABASE_URL: undefined });
    assertOneLineFailure(
      run,
      /production mode needs DATABASE_URL, SMTP_URL, AUTH_SECRET, AUTH_URL, MAIL_FROM, DATABASE_OWNER_URL, AUDIT_SEAL_KEY/,
    );
  });
});

/** As the owner: triggers off, `change`, every hash recomputed from the first event, triggers on. */
async function rewriteChain(change: string) {
  await t.db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_events disable trigger user`);
    await tx.execute(sql.raw(change));
    await tx.execute(sql`
      do $$
      declare
        r record;
        previous text;
      begin
        for r in select id from audit_events order by id loop
          update audit_events set prev_hash = previous where id = r.id;
          update audit_events e set hash = audit_event_hash(e) where id = r.id returning hash into previous;
        end loop;
      end $$`);
    await tx.execute(sql`alter table audit_events enable trigger user`);
  });
}
