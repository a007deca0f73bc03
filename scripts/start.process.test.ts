import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import net from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { and, eq, gte, sql } from 'drizzle-orm';
import { findFreePort, startEmbeddedPostgres, type EmbeddedServer } from '@/db/embedded';
import { migrateDatabase } from '@/db/migrate';
import { outgoingEmails } from '@/db/schema/mail';
import { operatorProfile } from '@/db/schema/operator';
import { privacyNoticeVersions } from '@/db/schema/privacy-notice';
import { subjects } from '@/db/schema/subjects';
import { createSeededTestDatabase, createTestDatabase, type TestDatabase } from '@/db/testing';
import { calendarDays } from '@/db/schema/calendar';
import { sessions, users } from '@/db/schema/auth';
import { enqueueEmail } from '@/lib/mail/outbox';
import { get, privateDir, processFixtures, spawnScript, startPortal } from './process-harness';

/**
 * `npm start`, `npm run worker` and `npm run derbes` as a supervisor, a container runtime and an
 * operator meet them: real processes, real signals, the standalone build (scripts/test.ts builds it
 * before this stage), a real PostgreSQL and SMTP sink (scripts/process-harness.ts). How they stop is
 * in signals.process.test.ts.
 */
const fixtures = processFixtures();

/** A complete production configuration on a test database: the application role, and the owner to migrate. */
const productionOn = (database: TestDatabase) => ({
  DERBES_MODE: 'production',
  HOST: '127.0.0.1',
  DATABASE_URL: database.appUrl,
  DATABASE_OWNER_URL: database.url,
  SMTP_URL: `smtp://127.0.0.1:${fixtures.sink.port}`,
  AUTH_SECRET: 'a-production-secret-of-at-least-32-bytes',
  AUTH_URL: 'https://privacy.example.kz',
  MAIL_FROM: 'Derbes <no-reply@example.kz>',
  AUDIT_SEAL_KEY: 'a-production-seal-key-of-at-least-32-bytes',
  AUDIT_SEALS_FILE: path.join(privateDir(), 'audit-seals.jsonl'),
});

describe('[PROCESS] npm start as a supervisor trusts it', () => {
  test('[DEMO] the demo listens on 127.0.0.1 only, says on every page that it is a demo, and has its mailbox', async () => {
    const portal = await startPortal(fixtures.demo());
    try {
      const external = Object.values(networkInterfaces())
        .flat()
        .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
      if (external) {
        const reached = await new Promise<boolean>((resolve) => {
          const socket = net.connect({ host: external, port: portal.port });
          socket.once('connect', () => (socket.destroy(), resolve(true)));
          socket.once('error', () => resolve(false));
        });
        assert.equal(reached, false, `not reachable on ${external}`);
      }
      for (const [pathname, words] of [
        ['/kk', 'Демо:'],
        ['/ru/privacy', 'Демонстрация:'],
        ['/en/sign-in', 'Demo:'],
      ] as const) {
        const page = await get(portal.port, pathname);
        assert.equal(page.status, 200);
        assert.ok(page.body.includes(words), `${pathname} says it is a demo`);
      }
      assert.equal((await get(portal.port, '/en/demo-mailbox')).status, 200);
    } finally {
      portal.child.kill('SIGTERM');
      assert.equal((await portal.exited).code, 0);
    }
  });

  test('[CONFIG] production mode refuses to start without its settings, listing them on one line', async () => {
    const run = spawnScript('scripts/start.ts', { DERBES_MODE: 'production', AUTH_URL: 'http://privacy.example.kz' });
    const { code } = await run.exited;
    assert.equal(code, 1);
    const lines = run
      .output()
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('derbes: '));
    assert.ok(
      lines.some((l) => /production mode needs DATABASE_URL, SMTP_URL, AUTH_SECRET, MAIL_FROM/.test(l)),
      run.output(),
    );
    assert.ok(lines.some((l) => /AUTH_URL: must be an https:\/\/ address/.test(l)));
    assert.doesNotMatch(run.output(), /\n\s+at /, 'no stack trace');
  });

  test('[CONFIG] production mode: no demo data, no demo mailbox, no demo banner, and sign-in links blanked once sent', async () => {
    const production = await createTestDatabase();
    try {
      const portal = await startPortal({ ...productionOn(production), JOBS_IN_PROCESS: 'true' });
      try {
        assert.equal((await get(portal.port, '/en/demo-mailbox')).status, 404);
        const home = await get(portal.port, '/en');
        assert.equal(home.status, 200);
        assert.ok(!home.body.includes('Demo:'));
        assert.equal((await production.db.select().from(subjects)).length, 0, 'no demo subjects');
        await enqueueEmail(production.db, {
          kind: 'sign_in',
          to: 'someone@example.kz',
          locale: 'kk',
          subject: 'Кіру',
          text: 'https://privacy.example.kz/api/auth/callback/nodemailer?token=secret',
          html: '<a>link</a>',
        });
        let row;
        for (let i = 0; i < 100; i++) {
          [row] = await production.db
            .select()
            .from(outgoingEmails)
            .where(eq(outgoingEmails.toAddress, 'someone@example.kz'));
          if (row?.state === 'sent') break;
          await new Promise((r) => setTimeout(r, 100));
        }
        assert.equal(row?.state, 'sent');
        assert.equal(row?.textBody, '', 'the link is gone from the outbox');
        assert.ok(
          fixtures.sink.messages.some((m) => m.to.includes('someone@example.kz') && m.text.includes('token=secret')),
          'it was delivered',
        );
      } finally {
        portal.child.kill('SIGTERM');
        await portal.exited;
      }
    } finally {
      await production.drop();
    }
  });

  test("[START] SEED_DEMO=false: an empty database whose only person is ADMIN_EMAIL's admin, no notice until the dpo approves one, and the operator's subjects come in from the command line", async () => {
    const own = await createTestDatabase();
    try {
      const portal = await startPortal({
        DATABASE_URL: own.url,
        SMTP_URL: `smtp://127.0.0.1:${fixtures.sink.port}`,
        SEED_DEMO: 'false',
        ADMIN_EMAIL: 'Admin@Operator.kz',
      });
      try {
        const people = await own.db.select({ email: users.email, role: users.role }).from(users);
        assert.deepEqual(people, [{ email: 'admin@operator.kz', role: 'admin' }]);
        assert.equal((await own.db.select().from(subjects)).length, 0, 'no demo subjects');
        assert.equal((await own.db.select().from(operatorProfile)).length, 0, 'no demo operator');
        assert.equal((await own.db.select().from(privacyNoticeVersions)).length, 0, 'no notice approved by nobody');
        for (const pathname of ['/kk', '/ru/privacy', '/en/sign-in'])
          assert.equal((await get(portal.port, pathname)).status, 200, pathname);
      } finally {
        portal.child.kill('SIGTERM');
        assert.equal((await portal.exited).code, 0);
      }
      // The sample subjects need nothing else; their data items need the inventory first (the README's order).
      const cli = (args: string[]) => spawnScript('scripts/cli.ts', { DATABASE_URL: own.url }, args);
      const subjectsRun = cli(['import', 'subjects', 'docs/samples/subjects.csv']);
      assert.equal((await subjectsRun.exited).code, 0, subjectsRun.output());
      assert.equal((await own.db.select().from(subjects)).length, 5);
      const itemsRun = cli(['import', 'items', 'docs/samples/items.csv', '--dry-run']);
      assert.equal((await itemsRun.exited).code, 2, 'rows turned down: no categories or systems yet');
      assert.match(itemsRun.output(), /line 2: /);
    } finally {
      await own.drop();
    }
  });

  test("[AUDIT] Art. 22(1)(5): production refuses to start when the portal's database role could rewrite the audit trail", async () => {
    const production = await createTestDatabase();
    // A superuser of its own (not the owner that migrates): what a hurried installation might give the portal.
    const role = `derbes_super_${randomUUID().slice(0, 8)}`;
    await production.db.execute(sql.raw(`create role ${role} login superuser password 'super-test-password'`));
    try {
      const superUrl = new URL(production.url);
      superUrl.username = role;
      superUrl.password = 'super-test-password';
      const run = spawnScript('scripts/start.ts', {
        ...productionOn(production),
        DATABASE_URL: superUrl.toString(),
        PORT: String(await findFreePort()),
      });
      const { code } = await run.exited;
      assert.equal(code, 1, run.output());
      assert.match(
        run.output(),
        new RegExp(
          `derbes: configuration: the role "${role}" of DATABASE_URL is a superuser: it can switch the audit log's triggers off`,
        ),
      );
      assert.doesNotMatch(run.output(), /super-test-password|\n\s+at /);
    } finally {
      await production.drop();
      await fixtures.t.db.execute(sql.raw(`drop role ${role}`));
    }
  });
});

describe('[CALENDAR] reference §3: the calendar never runs out silently', () => {
  test('[CALENDAR] within 90 days of the last year with holidays, whoever keeps the calendar sees a banner on every back-office page, in their language', async () => {
    const seeded = await createSeededTestDatabase();
    try {
      // The calendar as it would be on 30 November had nobody added next year's holidays yet.
      await seeded.db
        .delete(calendarDays)
        .where(and(gte(calendarDays.day, '2027-01-01'), eq(calendarDays.kind, 'holiday')));
      const cookieFor = async (role: 'dpo' | 'agent') => {
        const [user] = await seeded.db.select().from(users).where(eq(users.role, role)).limit(1);
        const token = randomUUID();
        // Signed in with the second factor given; the table holds the token's hash (lib/auth/adapter.ts).
        await seeded.db.insert(sessions).values({
          sessionToken: createHash('sha256').update(token).digest('hex'),
          userId: user!.id,
          expires: new Date(Date.now() + 3_600_000),
          secondFactorAt: new Date(),
        });
        return `authjs.session-token=${token}`;
      };
      const [dpo, agent] = [await cookieFor('dpo'), await cookieFor('agent')];
      const portal = await startPortal({ DATABASE_URL: seeded.url, JOBS_IN_PROCESS: 'false' });
      try {
        for (const [pathname, words] of [
          ['/kk/admin', 'мереке күндері тек мына күнге дейін енгізілген: 2026 ж. 31 желтоқсан'],
          ['/ru/admin/requests', 'Праздничные дни в календаре рабочих дней заканчиваются'],
          ['/en/admin/audit', 'The working-day calendar has public holidays only until December 31, 2026'],
        ] as const) {
          const page = await get(portal.port, pathname, dpo);
          assert.equal(page.status, 200, pathname);
          const excerpt = /role="alert"[^]{0,400}/.exec(page.body)?.[0] ?? /<h1[^]{0,200}/.exec(page.body)?.[0];
          assert.ok(page.body.includes(words), `${pathname}: ${words} in ${excerpt}`);
        }
        assert.ok(
          !(await get(portal.port, '/en/admin/requests', agent)).body.includes('The working-day calendar'),
          'not for an agent',
        );
        const health = JSON.parse((await get(portal.port, '/api/health')).body);
        assert.equal(health.status, 'warn');
        assert.ok(health.warnings.includes('calendar: holiday data ends 2026-12-31'));
        const cli = spawnScript('scripts/cli.ts', { DATABASE_URL: seeded.url }, ['calendar', 'status']);
        assert.equal((await cli.exited).code, 2);
        assert.match(cli.output(), /WARNING: add 2027's holidays/);
      } finally {
        portal.child.kill('SIGTERM');
        await portal.exited;
      }
    } finally {
      await seeded.drop();
    }
  });
});

describe('[PROCESS] the database down is not a blank English 500', () => {
  let pg: EmbeddedServer;
  let dir: string;
  before(async () => {
    dir = path.join(privateDir(), 'postgres');
    pg = await startEmbeddedPostgres({ dataDir: dir, database: 'derbes' });
    await migrateDatabase(pg.url);
  });
  after(async () => {
    await pg.stop();
  });

  test('[ERRORS] with PostgreSQL unreachable every page is a 503 "temporarily unavailable" in the visitor\'s language', async () => {
    const portal = await startPortal({ DATABASE_URL: pg.url });
    try {
      assert.equal((await get(portal.port, '/kk')).status, 200);
      await pg.stop();
      await new Promise((r) => setTimeout(r, 2500));
      for (const [pathname, title] of [
        ['/kk', 'Уақытша қолжетімсіз'],
        ['/ru/me', 'Временно недоступно'],
        ['/en/privacy', 'Temporarily unavailable'],
      ] as const) {
        const page = await get(portal.port, pathname);
        assert.equal(page.status, 503, pathname);
        assert.ok(page.body.includes(title), `${pathname} in its language`);
        assert.doesNotMatch(page.body, /\n\s+at /);
      }
      const health = await get(portal.port, '/api/health');
      assert.equal(health.status, 503);
      assert.equal(JSON.parse(health.body).database, 'unreachable');
    } finally {
      portal.child.kill('SIGTERM');
      await portal.exited;
    }
  });
});
