import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskValue } from './mask';

test('[MY DATA] Art. 6: a restricted value such as an IIN shows only its last four digits until revealed', () => {
  assert.equal(maskValue('900101300125'), '••••••••0125');
  assert.equal(maskValue('abc'), '••••');
});
