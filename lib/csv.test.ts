import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvRows } from './csv';

test('[CSV] OWASP CSV injection: no cell of an export can start a formula', () => {
  const hostile = ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];
  const csv = csvRows([hostile]);
  for (const cell of csv.trimEnd().split(',')) assert.doesNotMatch(cell.replace(/^"/, ''), /^[=+\-@\t\r]/);
});

test('[CSV] a real value keeps reading as itself: a phone number, a name with a comma, quotes, Kazakh letters', () => {
  const csv = csvRows([['+7 701 123 45 67', 'Сапарова, Айгерім', 'say "hi"', 'әғқңөұүһі']]);
  assert.equal(csv, `'+7 701 123 45 67,"Сапарова, Айгерім","say ""hi""",әғқңөұүһі\r\n`);
});

test('[CSV] a line break inside a cell, alone or Windows, keeps the cell in its row', async () => {
  const { parse } = await import('csv-parse/sync');
  const cells = ['Айгерім\nСапарова', 'a\rb', 'c\r\nd', 'e'];
  const csv = csvRows([cells, ['next', 'row', '', '']]);
  assert.equal(csv, '"Айгерім\nСапарова","a\rb","c\r\nd",e\r\nnext,row,,\r\n');
  assert.deepEqual(parse(csv), [cells, ['next', 'row', '', '']]);
});

test('[CSV] rows joined without csv-stringify read exactly as csv-stringify writes them', async () => {
  const { stringify } = await import('csv-stringify/sync');
  const pieces = [
    'a',
    'Айгерім',
    ' ',
    '',
    ',',
    ';',
    '"',
    "'",
    '\r',
    '\n',
    '-',
    '=',
    '+',
    '@',
    '\t',
    '1',
    '＝',
    '＋',
    '－',
    '＠',
    '2033-01-10T10:00:00.123Z',
  ];
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const cell = () =>
    Array.from({ length: Math.floor(random() * 4) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
  for (const delimiter of [',', ';'] as const) {
    for (let i = 0; i < 2000; i++) {
      const rows = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
        Array.from({ length: 1 + Math.floor(random() * 4) }, cell),
      );
      assert.equal(
        csvRows(rows, { delimiter }),
        stringify(rows, {
          escape_formulas: true,
          record_delimiter: 'windows',
          quote_record_delimiter: true,
          delimiter,
        }),
        JSON.stringify(rows),
      );
    }
  }
  assert.equal(csvRows([]), stringify([], { escape_formulas: true, record_delimiter: 'windows' }));
});
