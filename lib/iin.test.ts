import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { iinCheckDigit, isValidIin } from './iin';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.drop());

test('[IIN] Art. 8(4)(1): an IIN is 12 digits ending in its check digit', () => {
  assert.equal(isValidIin('900101300125'.slice(0, 11) + iinCheckDigit('90010130012')), true);
  assert.equal(isValidIin('90010130012'), false);
  assert.equal(isValidIin('9001013001a5'), false);
});

test('[IIN] the database and the application agree on every check digit', async () => {
  const samples = Array.from({ length: 300 }, (_, i) => String(850000000000 + i * 7919_3).padStart(12, '0'));
  const [row] = await t.db.execute<{ valid: boolean[] }>(
    sql`select array_agg(kz_iin_valid(v) order by n) as valid from unnest(string_to_array(${samples.join(',')}, ',')) with ordinality as s(v, n)`,
  );
  assert.deepEqual(row?.valid, samples.map(isValidIin));
  assert.ok(samples.some(isValidIin) && samples.some((s) => !isValidIin(s)));
});
