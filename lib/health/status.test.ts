import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { calendarDays } from '@/db/schema/calendar';
import { createSeededTestDatabase, type TestDatabase } from '@/db/testing';
import { horizonOf } from '@/lib/deadlines/horizon';
import { resetEnv } from '@/lib/env';
import { scheduledJobs } from '@/lib/jobs/catalogue';
import { runOnce } from '@/lib/jobs/scheduler';
import { enqueueEmail } from '@/lib/mail/outbox';
import { checkHealth } from './status';

let t: TestDatabase;
let dir: string;
before(async () => {
  t = await createSeededTestDatabase();
  // The audit seal job reads its key and file from the configuration.
  dir = mkdtempSync(path.join(tmpdir(), 'derbes-health-'));
  process.env.AUDIT_SEAL_KEY = 'a-health-test-seal-key-of-32-bytes-or-more';
  process.env.AUDIT_SEALS_FILE = path.join(dir, 'audit-seals.jsonl');
  resetEnv();
});
after(async () => {
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('[HEALTH] what the engineer supervising the portal sees', () => {
  test('[HEALTH] the payload: database, outbox backlog and its oldest e-mail, failed e-mails, last retention run, calendar horizon', async () => {
    const now = new Date('2026-11-30T12:00:00Z');
    await enqueueEmail(t.db, {
      kind: 'test',
      to: 'health@example.kz',
      locale: 'kk',
      subject: 's',
      text: 't',
      html: '<p>t</p>',
    });
    const before = await checkHealth(t.db, now);
    assert.equal(before.database, 'reachable');
    assert.equal(before.outbox.pending, 1);
    assert.ok(before.outbox.oldestPendingSeconds !== null && before.outbox.oldestPendingSeconds >= 0);
    assert.equal(before.outbox.failed, 0);
    assert.equal(before.retention.lastRunAt, null);
    assert.deepEqual(before.calendar, { lastYearWithHolidays: 2027, endsOn: '2027-12-31', daysLeft: 396 });
    assert.equal(before.auditSeal.lastRunAt, null);
    assert.equal(before.status, 'warn', 'retention and the audit seal never ran');
    assert.ok(before.warnings.some((w) => w.startsWith('retention')));
    assert.ok(before.warnings.includes('audit seal: no successful run in the last two days'));

    for (const name of ['retention', 'audit-seal'])
      await runOnce(
        t.db,
        scheduledJobs.find((j) => j.name === name)!,
        now,
      );
    const after = await checkHealth(t.db, new Date());
    assert.ok(after.retention.lastRunAt);
    assert.ok(after.auditSeal.lastRunAt);
    assert.equal(after.status, 'ok');
    // Nothing personal in the payload.
    assert.doesNotMatch(JSON.stringify(after), /@/);
  });

  test('[HEALTH] reference §3: the calendar warns from 90 days before its last year with holidays ends', async () => {
    assert.equal(horizonOf(2027, new Date('2027-10-01T12:00:00Z')).warning, false, '91 days left: not yet');
    assert.equal(horizonOf(2027, new Date('2027-10-02T12:00:00Z')).warning, true, '90 days left: from now on');
    assert.deepEqual(horizonOf(2027, new Date('2027-10-03T12:00:00Z')), {
      lastYear: 2027,
      endsOn: '2027-12-31',
      daysLeft: 89,
      warning: true,
    });
    assert.equal(horizonOf(2027, new Date('2028-01-05T12:00:00Z')).daysLeft, -5);
    assert.equal(horizonOf(null, new Date()).warning, true, 'no holidays at all');
    // Kazakhstan's date, not UTC's: 31 Dec 2027 20:00 UTC is already 1 January 2028 in Almaty.
    assert.equal(horizonOf(2027, new Date('2027-12-31T20:00:00Z')).daysLeft, -1);

    await runOnce(
      t.db,
      scheduledJobs.find((j) => j.name === 'retention')!,
      new Date('2027-10-15T00:00:00Z'),
    );
    const health = await checkHealth(t.db, new Date('2027-10-15T06:00:00Z'));
    assert.equal(health.status, 'warn');
    assert.equal(health.calendar.daysLeft, 77);
    assert.ok(health.warnings.includes('calendar: holiday data ends 2027-12-31'));
  });

  test('[HEALTH] an empty calendar is a warning, not a silent year of weekdays', async () => {
    await t.db.delete(calendarDays);
    const health = await checkHealth(t.db);
    assert.equal(health.calendar.lastYearWithHolidays, null);
    assert.ok(health.warnings.includes('calendar: no holiday data'));
  });
});
