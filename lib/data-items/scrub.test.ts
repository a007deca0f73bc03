import assert from 'node:assert/strict';
import { test } from 'node:test';
import { destroyedValuePattern } from './scrub';

const scrub = (value: string, text: string) => text.replace(destroyedValuePattern(value)!, '[x]');

test('[DESTROY] Art. 1(6): a destroyed phone number is found however it was written', () => {
  for (const written of ['+7 701 555 12 34', '87015551234', '+7(701)555-12-34', '8 701 555 1234', '+77015551234']) {
    assert.equal(scrub('+7 701 555 12 34', `call ${written} now`), 'call [x] now', written);
  }
  assert.equal(scrub('+7 701 555 12 34', 'not 87015551299'), 'not 87015551299');
  assert.equal(scrub('+7 701 555 12 34', '987015551234'), '987015551234', 'not inside a longer number');
});

test('[DESTROY] Art. 1(6): names and e-mail addresses are found in any case, never inside a longer word', () => {
  assert.equal(scrub('Әлия Серікқызы', 'Мен ӘЛИЯ  СЕРІКҚЫЗЫ едім'), 'Мен [x] едім');
  assert.equal(scrub('Ali', 'Alibek and Ali'), 'Alibek and [x]');
  assert.equal(scrub('aliya@mail.kz', 'write to Aliya@Mail.kz.'), 'write to [x].');
  assert.equal(destroyedValuePattern('ab'), null, 'too short to find safely');
});
