import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import {
  checkbox,
  formObject,
  id,
  idempotencyKey,
  kazakhstanTime,
  localized,
  localizedFields,
  normalizeFormData,
  NOT_FOUND,
  uploads,
  version,
} from './form-data';

const requestId = '6f1c2b7e-3c1a-4d2b-9f4e-1a2b3c4d5e6f';
const form = (entries: [string, string | File][]) => {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
};
const issuesOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe('[FORMS] a submitted form is read for its schema', () => {
  test('[FORMS] a field the schema expects a list of keeps every value; others keep one; a missing one is empty', () => {
    const schema = z
      .object({ requestIds: z.array(id).min(1), assigneeId: z.uuid(), note: z.string(), ticked: checkbox })
      .transform((value) => value);
    const read = formObject(
      form([
        ['requestIds', requestId],
        ['requestIds', requestId],
        ['assigneeId', requestId],
        ['unknown', 'ignored'],
      ]),
      schema,
    );
    assert.deepEqual(read, { requestIds: [requestId, requestId], assigneeId: requestId, note: '', ticked: '' });
    assert.deepEqual(formObject(form([['requestIds', requestId]]), schema).requestIds, [requestId]);
  });

  test('[FORMS] a malformed id is "not found", never a made-up id', () => {
    assert.deepEqual(issuesOf(id, 'not-a-uuid'), [NOT_FOUND]);
    assert.deepEqual(issuesOf(id, ''), [NOT_FOUND]);
    assert.deepEqual(issuesOf(version, 'x'), [NOT_FOUND]);
    assert.equal(version.parse('3'), 3);
    assert.equal(idempotencyKey.parse('nope'), null);
    assert.equal(idempotencyKey.parse(requestId), requestId);
  });

  test('[FORMS] checkboxes, Kazakhstan time and texts in three languages', () => {
    assert.equal(checkbox.parse('on'), true);
    assert.equal(checkbox.parse(''), false);
    assert.equal(kazakhstanTime().parse('2026-11-20T10:30').toISOString(), '2026-11-20T05:30:00.000Z');
    assert.deepEqual(issuesOf(kazakhstanTime('backoffice.intake.errors.date'), '20.11.2026'), [
      'backoffice.intake.errors.date',
    ]);
    const schema = z.object(localizedFields('name'));
    const parsed = schema.parse(
      formObject(
        form([
          ['nameKk', ' Қ '],
          ['nameRu', 'Р'],
          ['nameEn', 'E'],
        ]),
        schema,
      ),
    );
    assert.deepEqual(localized(parsed, 'name'), { kk: 'Қ', ru: 'Р', en: 'E' });
  });

  test('[FORMS] files are recognised by their content; a pretend PDF is a problem of the field, with its name', async () => {
    const pdf = new File([Buffer.from('%PDF-1.7 …')], 'scan.pdf');
    const fake = new File([Buffer.from('MZ a program')], 'fake.pdf');
    const [read] = await uploads.parseAsync([pdf, new File([], '')]);
    assert.equal(read?.contentType, 'application/pdf');
    const refused = await uploads.safeParseAsync([fake]);
    assert.equal(refused.success, false);
    assert.deepEqual(
      refused.error?.issues.map((issue) => [issue.message, issue.code === 'custom' ? issue.params : null]),
      [['requests.errors.fileType', { name: 'fake.pdf' }]],
    );
  });

  test('[FORMS] every text and file name of a form is normalised before its schema reads it', async () => {
    const data = form([
      ['body', 'Hello\u0000 \u202Eworld\r\nи\u0306'],
      ['body', 'second\u200F'],
      ['files', new File([Buffer.from('%PDF-1.4')], '..\\invoice\u202Efdp.exe', { type: 'application/pdf' })],
    ]);
    const normalized = normalizeFormData(data);
    assert.deepEqual(normalized.getAll('body'), ['Hello world\nй', 'second']);
    const file = normalized.get('files') as File;
    assert.equal(file.name, 'invoicefdp.exe');
    assert.equal(file.type, 'application/pdf');
    assert.equal(await file.text(), '%PDF-1.4');
  });
});
