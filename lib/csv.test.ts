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
