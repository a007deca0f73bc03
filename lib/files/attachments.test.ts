import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_FILE_BYTES, readUploads, sniffType } from './attachments';

const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n');
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const file = (content: Buffer, name: string, type = 'application/octet-stream') =>
  new File([new Uint8Array(content)], name, { type });

describe('[RECTIFY] Art. 24(1)(2): supporting documents', () => {
  test('[RECTIFY] PDF, JPEG and PNG are recognised by their content', () => {
    assert.equal(sniffType(pdf), 'application/pdf');
    assert.equal(sniffType(png), 'image/png');
    assert.equal(sniffType(jpeg), 'image/jpeg');
  });

  test('[RECTIFY] a file named .pdf that is not a PDF is refused', async () => {
    const result = await readUploads([
      file(Buffer.from('MZ\x90\x00 not really a pdf'), 'diploma.pdf', 'application/pdf'),
    ]);
    assert.deepEqual(result, { error: { code: 'fileType', name: 'diploma.pdf' } });
  });

  test('[RECTIFY] a real PDF with a misleading name is accepted as the PDF it is', async () => {
    const result = await readUploads([file(pdf, 'scan.jpg', 'image/jpeg')]);
    assert.ok('uploads' in result);
    assert.equal(result.uploads[0]?.contentType, 'application/pdf');
    assert.match(result.uploads[0]?.sha256 ?? '', /^[0-9a-f]{64}$/);
  });

  test('[RECTIFY] at most 10 MB a file', async () => {
    const big = Buffer.concat([pdf, Buffer.alloc(MAX_FILE_BYTES)]);
    assert.deepEqual(await readUploads([file(big, 'big.pdf')]), { error: { code: 'fileSize', name: 'big.pdf' } });
  });

  test('[RECTIFY] at most 5 files a request', async () => {
    const six = Array.from({ length: 6 }, (_, i) => file(pdf, `${i}.pdf`));
    assert.deepEqual(await readUploads(six), { error: { code: 'fileCount', name: '' } });
  });

  test('[RECTIFY] an empty file input is no upload, and names lose their path', async () => {
    const result = await readUploads([new File([], ''), file(png, '../../etc/passwd.png')]);
    assert.ok('uploads' in result);
    assert.deepEqual(
      result.uploads.map((u) => u.fileName),
      ['passwd.png'],
    );
  });
});
