import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSeededTestDatabase, type TestDatabase } from '@/db/testing';
import { kazakhstanToday } from '@/lib/deadlines/due';
import { findDashboard } from './dashboard';
import { countRequests } from './requests';

let t: TestDatabase;
before(async () => {
  t = await createSeededTestDatabase();
});
after(() => t.drop());

describe('[DASHBOARD] Art. 25(3)(3): the responsible person sees how requests are handled', () => {
  test('[DASHBOARD] open requests by state, who holds them, and twelve weeks of answers agree with the counts', async () => {
    const today = kazakhstanToday();
    const [dashboard, counts] = await Promise.all([findDashboard(t.db, today), countRequests(t.db, today)]);
    const open = dashboard.openByType.reduce((n, row) => n + row.total, 0);
    assert.ok(open > 0, 'the demo has open requests');
    assert.equal(open, counts.open);
    assert.equal(
      dashboard.holders.reduce((n, h) => n + h.open, 0),
      counts.open,
    );
    assert.equal(dashboard.weeks.length, 12);
    assert.equal(
      dashboard.overall.answeredDays.reduce((n, d) => n + d.count, 0),
      dashboard.weeks.reduce((n, w) => n + w.answered, 0),
    );
  });
});
