import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { locales } from '@/db/schema/subjects';
import { translatorFor } from '@/lib/i18n/translator';
import { iinCheckDigit } from '@/lib/iin';
import { decodeStream, detectEncoding } from './decode';
import { matchConflicts } from './match';
import { readRecords } from './records';
import { parseSubjectsFile, rowRejections, type ParsedRow } from './subjects-file';

/** A valid IIN from eleven digits (the check digit of lib/iin.ts). */
function validIin(first11: string): string {
  const check = iinCheckDigit(first11);
  if (check === null) throw new Error(`no valid IIN starts with ${first11}`);
  return `${first11}${check}`;
}

async function* chunks(bytes: Buffer, size = 7) {
  // Small chunks: a Cyrillic letter is cut between two of them, as a network read would cut it.
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
async function parse(bytes: Buffer): Promise<ParsedRow[]> {
  const { records } = await readRecords(chunks(bytes));
  const rows: ParsedRow[] = [];
  for await (const row of parseSubjectsFile(records)) rows.push(row);
  return rows;
}

const good = validIin('90010130012');
const other = validIin('85050540023');

describe('[IMPORT] a subjects file is read as the operator exported it', () => {
  test('[IMPORT] rows keep the file’s line numbers; the header is line 1', async () => {
    const rows = await parse(
      Buffer.from(
        `external_id,full_name,iin,email,language\nA-1,Әлия Серікқызы,${good},ALIYA@Example.kz,kk\n\nA-2,Иван Петров,,,ru\n`,
      ),
    );
    assert.deepEqual(
      rows.map((r) => r.line),
      [2, 4],
    );
    const [first] = rows;
    assert.ok(first && 'row' in first);
    assert.equal(first.row.full_name, 'Әлия Серікқызы');
    assert.equal(first.row.email, 'aliya@example.kz', 'addresses are compared in lower case');
    assert.equal(first.row.language, 'kk');
  });

  test('[IMPORT] every turned-down row says why, by line — bad IIN, bad address, unknown language, duplicates', async () => {
    const bad = `${good.slice(0, 11)}${(Number(good[11]) + 1) % 10}`;
    const rows = await parse(
      Buffer.from(
        [
          'external_id;full_name;iin;email;language',
          `A-1;One;${good};one@example.kz;ru`,
          `A-2;Two;${bad};two@example.kz;ru`,
          'A-3;Three;;not-an-address;ru',
          'A-4;Four;;four@example.kz;de',
          `A-1;One again;${other};again@example.kz;ru`,
          `A-5;Five;${good};five@example.kz;ru`,
          'A-6;Six;;one@example.kz;ru',
          ';No id;;;ru',
          `A-7;${'Ж'.repeat(501)};;;ru`,
        ].join('\r\n'),
      ),
    );
    const verdicts = rows.map((r) => ('rejected' in r ? `${r.line}:${r.rejected}` : `${r.line}:ok`));
    assert.deepEqual(verdicts, [
      '2:ok',
      '3:iin',
      '4:email',
      '5:language',
      '6:duplicateExternalId',
      '7:duplicateIin',
      '8:duplicateEmail',
      '9:externalId',
      '10:tooLong',
    ]);
  });

  test('[IMPORT] Windows-1251 (Excel’s CSV in a Russian or Kazakh Windows) is recognised and read', async () => {
    const bytes = iconv.encode(`external_id;full_name\nB-1;Иванов Иван Иванович\n`, 'windows-1251');
    assert.equal(detectEncoding(bytes), 'windows-1251');
    const { encoding } = await decodeStream(chunks(bytes));
    assert.equal(encoding, 'windows-1251');
    const [row] = await parse(bytes);
    assert.ok(row && 'row' in row);
    assert.equal(row.row.full_name, 'Иванов Иван Иванович');
  });

  test('[IMPORT] UTF-8 with a BOM: the BOM is not part of the first column’s name', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('external_id,full_name\nC-1,Қайрат\n')]);
    assert.equal(detectEncoding(bytes), 'utf-8');
    const [row] = await parse(bytes);
    assert.ok(row && 'row' in row);
    assert.equal(row.row.external_id, 'C-1');
    assert.equal(row.row.full_name, 'Қайрат');
  });

  test('[IMPORT] a file without an external_id column is not a subjects file', async () => {
    await assert.rejects(parse(Buffer.from('name,iin\nX,1\n')), /not a subjects file/);
  });
});

describe('[IMPORT] every reason is told in kk, ru and en', () => {
  test('[IMPORT] each rejection and conflict has its message', () => {
    for (const locale of locales) {
      const t = translatorFor(locale);
      for (const reason of rowRejections) assert.ok(t.has(`import.errors.${reason}`), `${locale}: ${reason}`);
      for (const reason of matchConflicts) assert.ok(t.has(`import.conflicts.${reason}`), `${locale}: ${reason}`);
    }
  });
});
