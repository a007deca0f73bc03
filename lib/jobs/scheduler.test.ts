import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq, like } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Db } from '@/db';
import { jobRuns } from '@/db/schema/jobs';
import { outgoingEmails } from '@/db/schema/mail';
import { createSeededTestDatabase, createSubjectWithItems, type TestDatabase } from '@/db/testing';
import { sendActivityDigests } from '@/lib/activity/digest';
import { recordAudit } from '@/lib/audit/record';
import { enqueueEmail } from '@/lib/mail/outbox';
import { createSmtpSend } from '@/lib/mail/transport';
import { createOutboxWorker } from '@/lib/mail/worker';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '@/scripts/smtp-sink';
import { scheduledJobs } from './catalogue';
import { runOnce, slotAt, startScheduler, type JobDefinition } from './scheduler';

/**
 * Two workers on one database, as two processes would be: each has its own connection pool.
 * Everything they do must happen once: e-mails, scheduled runs, activity digests.
 */
let t: TestDatabase;
let sink: SmtpSink;
const received: SinkMessage[] = [];
const clients: postgres.Sql[] = [];
let workers: [Db, Db];

before(async () => {
  t = await createSeededTestDatabase();
  sink = await startSmtpSink(0, received);
  const connect = () => {
    const client = postgres(t.url, { max: 4, onnotice: () => {}, connection: { TimeZone: 'UTC' } });
    clients.push(client);
    return drizzle(client, { casing: 'snake_case' }) as unknown as Db;
  };
  workers = [connect(), connect()];
});
after(async () => {
  await Promise.all(clients.map((c) => c.end({ timeout: 5 })));
  await sink.stop();
  await t.drop();
});

/** A job that counts how often its body actually runs. */
function countingJob(name: string, schedule = '0 3 * * *'): JobDefinition & { runs: number } {
  const job = {
    name,
    schedule,
    catchUp: true,
    runs: 0,
    run: async () => {
      job.runs++;
      await new Promise((r) => setTimeout(r, 50));
      return 'done';
    },
  };
  return job;
}

describe('[JOBS] two workers on one database do everything once', () => {
  test('[JOBS] Art. 12(2), 18: the daily retention run happens once a day, whichever worker fires first', async () => {
    const retention = scheduledJobs.find((j) => j.name === 'retention')!;
    const now = new Date('2026-12-01T03:00:00+05:00');
    const slot = slotAt(retention.schedule, now)!;
    assert.equal(slot.toISOString(), '2026-11-30T22:00:00.000Z', '03:00 in Almaty');
    const results = await Promise.all(workers.map((db) => runOnce(db, retention, slot)));
    assert.equal(results.filter((r) => r !== null).length, 1, 'one worker ran it, the other saw it taken');
    const runs = await t.db.select().from(jobRuns).where(eq(jobRuns.job, 'retention'));
    assert.equal(runs.filter((r) => r.slot.getTime() === slot.getTime()).length, 1);
    assert.equal(runs[0]?.outcome, 'succeeded');
  });

  test('[JOBS] a schedule is a time of day in Almaty, not "24 hours after start"', () => {
    assert.equal(
      slotAt('0 3 * * *', new Date('2026-12-01T02:59:00+05:00'))?.toISOString(),
      '2026-11-29T22:00:00.000Z',
      "before 03:00: yesterday's run",
    );
    assert.equal(slotAt('0 3 * * *', new Date('2026-12-01T10:00:00+05:00'))?.toISOString(), '2026-11-30T22:00:00.000Z');
    assert.equal(
      slotAt('*/5 * * * *', new Date('2026-12-01T10:07:30+05:00'))?.toISOString(),
      '2026-12-01T05:05:00.000Z',
    );
  });

  test('[JOBS] two schedulers starting together catch up a missed daily run once', async () => {
    const job = countingJob('test-catch-up');
    const schedulers = workers.map((db) => startScheduler(db, [job]));
    await new Promise((r) => setTimeout(r, 500));
    await Promise.all(schedulers.map((s) => s.stop()));
    assert.equal(job.runs, 1);
    const [run] = await t.db.select().from(jobRuns).where(eq(jobRuns.job, 'test-catch-up'));
    assert.equal(run?.outcome, 'succeeded');
  });

  test('[JOBS] a failed run is recorded as failed, with its reason', async () => {
    const failing: JobDefinition = {
      name: 'test-failing',
      schedule: '0 4 * * *',
      run: async () => Promise.reject(new Error('the disk is full')),
    };
    await assert.rejects(runOnce(t.db, failing, new Date('2026-12-01T00:00:00Z')));
    const [run] = await t.db.select().from(jobRuns).where(eq(jobRuns.job, 'test-failing'));
    assert.equal(run?.outcome, 'failed');
    assert.match(run?.summary ?? '', /disk is full/);
  });

  test('[OUTBOX] two workers deliver every e-mail exactly once', async () => {
    for (let i = 0; i < 20; i++) {
      await enqueueEmail(t.db, {
        kind: 'test',
        to: `twice${i}@example.kz`,
        locale: 'kk',
        subject: `№${i}`,
        text: 'Сәлем',
        html: '<p>Сәлем</p>',
      });
    }
    const outboxes = workers.map((db) =>
      createOutboxWorker({ db, send: createSmtpSend(`smtp://127.0.0.1:${sink.port}`), pollMs: 100 }),
    );
    await Promise.all(outboxes.map((o) => o.start()));
    const sent = async () =>
      (await t.db.select().from(outgoingEmails).where(like(outgoingEmails.toAddress, 'twice%'))).filter(
        (e) => e.state === 'sent',
      ).length;
    for (let i = 0; i < 100 && (await sent()) < 20; i++) await new Promise((r) => setTimeout(r, 100));
    await Promise.all(outboxes.map((o) => o.stop()));
    for (let i = 0; i < 20; i++)
      assert.equal(received.filter((m) => m.to.includes(`twice${i}@example.kz`)).length, 1, `twice${i}`);
  });

  test('[ACTIVITY] Art. 8-2(2): two workers send each subject one digest an hour, not two', async () => {
    const people = await Promise.all([0, 1, 2, 3, 4].map(() => createSubjectWithItems(t.db, { locale: 'kk' })));
    const start = new Date('2026-12-01T06:00:00Z');
    // An agent views each subject's data: news for every digest.
    const staffViewEach = () =>
      Promise.all(
        people.map(({ subject }) =>
          t.db.transaction((tx) =>
            recordAudit(tx, {
              actor: { id: null, role: 'agent' },
              action: 'data_viewed',
              subjectId: subject.id,
              entityType: 'subject',
              entityId: subject.id,
            }),
          ),
        ),
      );
    // The first run marks where each subject's digest starts.
    await sendActivityDigests(t.db, start);
    await staffViewEach();
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    await Promise.all(workers.map((db) => sendActivityDigests(db, at(5))));
    await staffViewEach();
    await Promise.all(workers.map((db) => sendActivityDigests(db, at(10))));
    for (const { subject } of people) {
      const digests = await t.db.select().from(outgoingEmails).where(eq(outgoingEmails.toAddress, subject.email!));
      assert.equal(digests.filter((d) => d.kind === 'activity_digest').length, 1, 'one digest within the hour');
    }
  });
});
