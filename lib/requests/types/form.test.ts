import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseRequestForm } from './index';

const context = {
  items: [
    { id: '00000000-0000-4000-8000-000000000001', categoryCode: 'email' },
    { id: '00000000-0000-4000-8000-000000000002', categoryCode: 'iin' },
  ],
  categories: [{ id: '00000000-0000-4000-8000-0000000000c1', code: 'phone' }],
};
const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
};
const [email, iin] = context.items.map((i) => i.id) as [string, string];

describe('[REQUEST] forms are checked field by field, with a message for each', () => {
  test('[RECTIFY] Art. 24(1)(2): each ticked item needs a valid new value', () => {
    const result = parseRequestForm(
      'RECTIFY',
      form([
        ['items', email],
        ['items', iin],
        [`value:${email}`, 'not an address'],
        [`value:${iin}`, ''],
      ]),
      context,
    );
    assert.deepEqual(result, {
      fieldErrors: { [`value:${email}`]: { key: 'invalidValue' }, [`value:${iin}`]: { key: 'newValue' } },
    });
  });

  test('[RECTIFY] an IIN must carry its check digit', () => {
    const bad = parseRequestForm(
      'RECTIFY',
      form([
        ['items', iin],
        [`value:${iin}`, '950512401234'],
      ]),
      context,
    );
    assert.ok('fieldErrors' in bad);
    const good = parseRequestForm(
      'RECTIFY',
      form([
        ['items', iin],
        [`value:${iin}`, '950512401233'],
      ]),
      context,
    );
    assert.ok('input' in good);
  });

  test('[RECTIFY] supplementing data that is missing is a request too', () => {
    const result = parseRequestForm(
      'RECTIFY',
      form([
        ['supplementCategory', context.categories[0]!.id],
        ['supplementValue', '+7 701 123 45 67'],
      ]),
      context,
    );
    assert.deepEqual(result, {
      input: {
        type: 'RECTIFY',
        changes: [],
        supplement: { categoryId: context.categories[0]!.id, value: '+7 701 123 45 67' },
        description: null,
      },
    });
  });

  test('[RECTIFY] nothing ticked and nothing added is refused', () => {
    assert.deepEqual(parseRequestForm('RECTIFY', form([]), context), {
      fieldErrors: { items: { key: 'nothingToChange' } },
    });
  });

  test('[DESTROY] items and a reason are required', () => {
    assert.deepEqual(parseRequestForm('DESTROY', form([]), context), {
      fieldErrors: { items: { key: 'pickItems' }, description: { key: 'required' } },
    });
  });

  test('[BLOCK] Art. 24(1)(3): what was violated is required', () => {
    assert.deepEqual(parseRequestForm('BLOCK', form([['items', email]]), context), {
      fieldErrors: { description: { key: 'required' } },
    });
  });

  test('[ISOLATION] an item id that is not among the subject\'s own is "not found", never silently left out', () => {
    const result = parseRequestForm(
      'DESTROY',
      form([
        ['items', '00000000-0000-4000-8000-00000000dead'],
        ['description', 'x'],
      ]),
      context,
    );
    assert.deepEqual(result, { fieldErrors: { items: { key: 'notFound' } } });
    // Left out, it would have made this BLOCK one of "all my data".
    const block = parseRequestForm(
      'BLOCK',
      form([
        ['items', '00000000-0000-4000-8000-00000000dead'],
        ['description', 'x'],
      ]),
      context,
    );
    assert.deepEqual(block, { fieldErrors: { items: { key: 'notFound' } } });
  });

  test('[WITHDRAW] a consent must be chosen; [OBJECT_AUTO] a processing must be chosen', () => {
    assert.deepEqual(parseRequestForm('WITHDRAW', form([]), context), {
      fieldErrors: { consentId: { key: 'pickConsent' } },
    });
    assert.deepEqual(parseRequestForm('OBJECT_AUTO', form([]), context), {
      fieldErrors: { purposeId: { key: 'pickPurpose' } },
    });
  });

  test('[REQUEST] over-long text is refused with its limit', () => {
    assert.deepEqual(parseRequestForm('ACCESS', form([['description', 'x'.repeat(4001)]]), context), {
      fieldErrors: { description: { key: 'tooLong', max: 4000 } },
    });
  });
});
