import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { rejectedRowsCsv } from './report';

describe('[SECURITY] OWASP CSV injection: the rejected rows staff download', () => {
  test('[SECURITY] a hostile cell of an imported file comes back as text, never a live formula', () => {
    const hostile = ['=HYPERLINK("http://x.example","y")', '+7 701 000 00 00', '-2+3', '@SUM(A1)', '\t=1', '＝1'];
    const csv = rejectedRowsCsv(
      hostile.map((value, i) => ({ line: i + 2, reason: 'email', cells: { external_id: value, email: value } })),
      ['external_id', 'email'],
      'kk',
    );
    const rows = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    assert.deepEqual(rows[0], ['external_id', 'email', 'line', 'reason']);
    for (const row of rows.slice(1)) {
      for (const cell of row.slice(0, 2)) assert.doesNotMatch(cell, /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/, cell);
      assert.match(row[3]!, /[\u0400-\u04FF]/, 'the reason in Kazakh');
    }
    assert.equal(rows[2]![1], "'+7 701 000 00 00", 'a phone number still reads as itself');
  });
});
