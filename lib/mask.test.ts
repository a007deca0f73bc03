import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskValue } from './mask';

test('[MY DATA] Art. 6: a restricted number shows only its last four digits until revealed', () => {
  assert.equal(maskValue('950512401233'), '••••••••1233');
  assert.equal(maskValue('+7 701 555 12 34'), '+• ••• ••• 12 34');
});

test('[MY DATA] Art. 6: other restricted values keep at most their last four characters', () => {
  assert.equal(maskValue('Абай көшесі, 10'), '•••••••••••, 10');
  assert.equal(maskValue('abc'), '••••');
});
