import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_FILE_NAME, normalizeFileName, normalizeLine, normalizeText } from './text';

describe('[INPUT] free text is normalised at the edge', () => {
  test('[INPUT] NUL, control and bidi characters are taken out; tab and line breaks stay in free text', () => {
    assert.equal(normalizeText('a\u0000b\u0007c\u001bd\u007fe\u0085f'), 'abcdef');
    assert.equal(normalizeText('\u202Eevil\u202C \u2066iso\u2069 \u200Emark\u200F \u061Cal'), 'evil iso mark al');
    assert.equal(normalizeText('line one\r\nline two\rthree\u2028four\tend'), 'line one\nline two\nthree\nfour\tend');
    assert.equal(normalizeLine('one\ntwo\tthree'), 'one two three');
  });

  test('[INPUT] texts are NFC, and half a character becomes U+FFFD', () => {
    assert.equal(normalizeText('и\u0306'), 'й');
    assert.equal(normalizeText('e\u0000\u0301'), 'é');
    assert.equal(normalizeText('a\uD800b'), 'a\uFFFDb');
  });

  test('[INPUT] Kazakh, Russian, Arabic and emoji are left as they are', () => {
    const text = 'Әсел Қуанышқызы · Дмитрий · مرحبا · 👩🏽‍💻';
    assert.equal(normalizeText(text), text.normalize('NFC'));
  });

  test('[INPUT] a file name loses its folders, leading dots, controls and bidi overrides', () => {
    assert.equal(normalizeFileName('invoice\u202Efdp.exe'), 'invoicefdp.exe');
    assert.equal(normalizeFileName('..\\..\\windows\\sys\u0000tem.ini'), 'system.ini');
    assert.equal(normalizeFileName('/etc/.passwd'), 'passwd');
    assert.equal(normalizeFileName('two\nlines.pdf'), 'two lines.pdf');
    assert.equal(normalizeFileName('\u202E'), '');
    assert.equal(Array.from(normalizeFileName('😀'.repeat(300))).length, MAX_FILE_NAME);
  });
});
