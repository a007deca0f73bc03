import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { iinCheckDigit } from '@/lib/iin';
import { categoryRecord, missingLanguages, purposeRecord, recipientRecord } from './records';

const L = (kk: string, ru: string, en: string) => ({ kk, ru, en });
const uuid = '5b0c1f1e-8a52-4c5e-9a4f-0d6f1b2c3d4e';

// The keys of the issues a schema raises, or [] when the record is valid.
function errors(
  schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: { message: string }[] } } },
  value: unknown,
) {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error!.issues.map((i) => i.message);
}

const category = {
  code: 'diploma',
  name: L('Диплом', 'Диплом', 'Diploma'),
  description: L('Диплом нөмірі', 'Номер диплома', 'Diploma number'),
  accessLevel: 'public',
  isBiometric: false,
  isIin: false,
  sortOrder: 0,
};

const purpose = {
  code: 'alumni',
  name: L('Түлектер', 'Выпускники', 'Alumni'),
  description: L('Түлектермен байланыс', 'Связь с выпускниками', 'Keeping in touch with alumni'),
  legalBasis: 'consent',
  art9Point: null,
  legalBasisCitation: null,
  retentionKind: 'until_purpose_achieved',
  retentionMonths: null,
  retentionFrom: null,
  retentionDescription: L('Келісім қайтарылғанша', 'До отзыва согласия', 'Until consent is withdrawn'),
  isAutomated: false,
  automatedLogic: null,
  withdrawalEffect: 'block',
  publishes: false,
  sortOrder: 0,
  categories: [uuid],
  recipients: [],
};

const first11 = '06034000321';
const validBin = `${first11}${iinCheckDigit(first11)}`;
const wrongBin = `${first11}${(iinCheckDigit(first11)! + 1) % 10}`;

const recipient = {
  code: 'partner',
  name: L('Серіктес', 'Партнёр', 'Partner'),
  bin: validBin,
  kind: 'third_party',
  country: 'KZ',
  crossBorderBasis: null,
  notifySubject: true,
};

describe('[INVENTORY] a record keeps the rules of the Law on its own', () => {
  test('[INVENTORY] Art. 1: a BIN is twelve digits with the IIN check digit', () => {
    assert.deepEqual(errors(recipientRecord, recipient), []);
    assert.equal(validBin, '060340003213', 'the demo BIN of Smart Pay');
    assert.deepEqual(errors(recipientRecord, { ...recipient, bin: wrongBin }), ['inventory.errors.bin']);
    assert.deepEqual(errors(recipientRecord, { ...recipient, bin: '06034000321' }), ['inventory.errors.bin']);
    assert.deepEqual(errors(recipientRecord, { ...recipient, bin: '06034000321x' }), ['inventory.errors.bin']);
    assert.deepEqual(errors(recipientRecord, { ...recipient, bin: null }), [], 'a foreign recipient has no BIN');
  });

  test('[INVENTORY] a code is lowercase latin letters, digits and _, starting with a letter', () => {
    assert.equal(categoryRecord.parse({ ...category, code: '  Diploma_2 ' }).code, 'diploma_2');
    for (const bad of ['2diploma', 'd', 'диплом', 'has space', 'has-dash', '', 'x'.repeat(51)])
      assert.deepEqual(errors(categoryRecord, { ...category, code: bad }), ['inventory.errors.code'], bad);
  });

  test('[INVENTORY] Art. 16: a recipient abroad needs the ground of the cross-border transfer', () => {
    assert.deepEqual(errors(recipientRecord, { ...recipient, bin: null, country: 'de' }), [
      'inventory.errors.crossBorderBasis',
    ]);
    const abroad = recipientRecord.parse({ ...recipient, bin: null, country: 'de', crossBorderBasis: 'consent' });
    assert.equal(abroad.country, 'DE');
    assert.ok(errors(recipientRecord, { ...recipient, country: 'Germany' }).includes('inventory.errors.country'));
  });

  test('[INVENTORY] Art. 9: a case of Art. 9 names its sub-point and cites its law; consent needs neither', () => {
    assert.deepEqual(errors(purposeRecord, purpose), []);
    const citation = L('Заң', 'Закон', 'The law');
    assert.deepEqual(errors(purposeRecord, { ...purpose, legalBasis: 'art9', legalBasisCitation: citation }), [
      'inventory.errors.art9Point',
    ]);
    assert.deepEqual(errors(purposeRecord, { ...purpose, legalBasis: 'art9', art9Point: '2-1' }), [
      'inventory.errors.citation',
    ]);
    assert.deepEqual(
      errors(purposeRecord, { ...purpose, legalBasis: 'art9', art9Point: '2-1', legalBasisCitation: citation }),
      [],
    );
    assert.deepEqual(errors(purposeRecord, { ...purpose, art9Point: '10' }), ['inventory.errors.art9Point']);
    // 9-5 is not yet in force.
    assert.ok(
      errors(purposeRecord, { ...purpose, legalBasis: 'art9', art9Point: '9-5', legalBasisCitation: citation }).length >
        0,
    );
  });

  test('[INVENTORY] Art. 19-1: automated processing explains its logic to the subject', () => {
    assert.deepEqual(errors(purposeRecord, { ...purpose, isAutomated: true }), ['inventory.errors.automatedLogic']);
    assert.deepEqual(
      errors(purposeRecord, { ...purpose, isAutomated: true, automatedLogic: L('Балл', 'Балл', 'A score') }),
      [],
    );
  });

  test('[INVENTORY] Art. 12(2): a retention period names its months and the event it runs from', () => {
    assert.deepEqual(errors(purposeRecord, { ...purpose, retentionKind: 'period_after_event' }), [
      'inventory.errors.retentionPeriod',
    ]);
    assert.deepEqual(
      errors(purposeRecord, {
        ...purpose,
        retentionKind: 'period_after_event',
        retentionMonths: 12,
        retentionFrom: 'collected',
      }),
      [],
    );
    assert.deepEqual(errors(purposeRecord, { ...purpose, categories: [] }), ['inventory.errors.noCategories']);
  });

  test('[INVENTORY] every text in kk, ru and en: missingLanguages names the field and the languages', () => {
    assert.deepEqual(missingLanguages('category', categoryRecord.parse(category)), []);
    assert.deepEqual(
      missingLanguages('category', { ...category, name: L('', 'Диплом', ' '), description: L('a', '', 'c') }),
      [
        { field: 'name', languages: ['kk', 'en'] },
        { field: 'description', languages: ['ru'] },
      ],
    );
    // An optional text left out is not missing; one written in some languages is.
    assert.deepEqual(missingLanguages('purpose', purpose), []);
    assert.deepEqual(missingLanguages('purpose', { ...purpose, automatedLogic: L('Балл', '', '') }), [
      { field: 'automatedLogic', languages: ['ru', 'en'] },
    ]);
    assert.deepEqual(missingLanguages('recipient', { ...recipient, name: L('Серіктес', 'Партнёр', '') }), [
      { field: 'name', languages: ['en'] },
    ]);
  });
});
