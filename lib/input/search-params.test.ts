import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAuditQuery } from '@/lib/audit/filters';
import { parseQueueQuery } from '@/lib/backoffice/queue-filters';
import { isCalendarDay, param, parseSearchParams } from './search-params';

const uuid = '6f1c2b7e-3c1a-4d2b-9f4e-1a2b3c4d5e6f';

describe('[INPUT] query parameters are read by one parser that never throws', () => {
  test('[INPUT] ids are positive whole numbers an id column holds; anything else is left out', () => {
    const read = (before: string) => parseSearchParams({ before }, { before: param.id() });
    assert.deepEqual(read('42'), { values: { before: 42 }, ignored: [] });
    for (const bad of ['99999999999999999999', '9007199254740992', '0', '-1', '1e3', '0x10', '4.5', ' 7', 'NaN'])
      assert.deepEqual(read(bad), { values: { before: null }, ignored: ['before'] }, bad);
    assert.deepEqual(read(String(Number.MAX_SAFE_INTEGER)).values.before, Number.MAX_SAFE_INTEGER);
    assert.deepEqual(parseSearchParams({}, { before: param.id() }), { values: { before: null }, ignored: [] });
  });

  test('[INPUT] days are real calendar days', () => {
    assert.ok(isCalendarDay('2024-02-29'));
    for (const bad of [
      '2020-13-45',
      '2026-02-29',
      '2026-2-1',
      '0000-01-01',
      '20260101',
      '2026-01-01T00:00',
      '+02026-01-01',
    ])
      assert.equal(isCalendarDay(bad), false, bad);
  });

  test('[INPUT] text is one normalised line, cut to its length; a repeated parameter counts once', () => {
    const shape = { q: param.text(10) };
    assert.equal(parseSearchParams({ q: ' a\u0000b\u202Ec\nd ' }, shape).values.q, 'abc d');
    assert.equal(parseSearchParams({ q: ['first', 'second'] }, shape).values.q, 'first');
    assert.equal(parseSearchParams({ q: 'й'.repeat(50) }, shape).values.q, 'й'.repeat(10));
    assert.equal(parseSearchParams(new URLSearchParams('q=%00x'), shape).values.q, 'x');
  });

  test('[INPUT] the queue: unknown filters fall back, a forged cursor is no cursor', () => {
    const { filters, after, ignored } = parseQueueQuery({
      type: 'DROP TABLE',
      state: '<script>',
      assignee: "' OR 1=1 --",
      overdue: '1',
      q: 'Әсел\u0000',
      after: '1_' + uuid,
    });
    assert.deepEqual(filters, {
      type: null,
      state: 'open',
      assignee: null,
      overdue: true,
      dueToday: false,
      q: 'Әсел',
      sort: 'due',
    });
    assert.equal(after, null);
    assert.deepEqual(ignored.sort(), ['after', 'assignee', 'state', 'type']);
    const cursor = `2026-11-20T05:30:00.123456Z_${uuid}`;
    assert.deepEqual(parseQueueQuery({ after: cursor, assignee: 'me', state: 'all' }).after, {
      keys: ['2026-11-20T05:30:00.123456Z'],
      id: uuid,
    });
    assert.equal(parseQueueQuery({ after: `2026-11-20T05:30:00.123456Z_${uuid}_x` }).after, null);
    assert.equal(parseQueueQuery({ after: `2026-13-20T05:30:00.123456Z_${uuid}` }).after, null);
    // A cursor is the order's: a due-time cursor does not page the queue sorted by type, and back.
    assert.deepEqual(parseQueueQuery({ before: `ACCESS_2026-11-20T05:30:00.123456Z_${uuid}`, sort: 'type' }).before, {
      keys: ['ACCESS', '2026-11-20T05:30:00.123456Z'],
      id: uuid,
    });
    assert.equal(parseQueueQuery({ after: cursor, sort: 'type' }).after, null);
    assert.deepEqual(
      parseQueueQuery({ after: `PUBLIC_REMOVE_2026-11-20T05:30:00.123456Z_${uuid}`, sort: 'type' }).after,
      {
        keys: ['PUBLIC_REMOVE', '2026-11-20T05:30:00.123456Z'],
        id: uuid,
      },
    );
    assert.equal(parseQueueQuery({ after: `ACCESS_2026-11-20T05:30:00.123456Z_${uuid}` }).after, null);
    assert.deepEqual(parseQueueQuery({ after: `DROP_2026-11-20T05:30:00.123456Z_${uuid}`, sort: 'type' }).ignored, [
      'after',
    ]);
    // Two characters are too few to look for (the trigram indexes need three): left out, and said to be.
    const short = parseQueueQuery({ q: 'Ли' });
    assert.equal(short.filters.q, '');
    assert.equal(short.searchTooShort, true);
  });

  test('[INPUT] the audit trail: invalid dates and huge cursors are left out, and said to be', () => {
    const { filters, before, verify, ignored } = parseAuditQuery({
      from: '2020-13-45',
      to: '2026-11-20',
      before: '99999999999999999999',
      action: '{count, plural, other {#}}',
      verify: '1',
    });
    assert.equal(filters.from, '');
    assert.equal(filters.fromAt, null);
    assert.equal(filters.to, '2026-11-20');
    assert.equal(filters.toAt?.toISOString(), '2026-11-20T18:59:59.999Z');
    assert.equal(filters.action, null);
    assert.equal(before, null);
    assert.equal(verify, true);
    assert.deepEqual(ignored.sort(), ['action', 'before', 'from']);
  });
});
