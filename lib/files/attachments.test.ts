import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { detectType, readUploads, storedName, unsafePdfReason } from './attachments';
import { MAX_FILE_BYTES } from './limits';

const pdf = Buffer.from(
  '%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);
// A real 1×1 PNG: file-type reads its chunks, so a bare signature is not enough.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);
const file = (content: Buffer, name: string, type = 'application/octet-stream') =>
  new File([new Uint8Array(content)], name, { type });
const pdfWith = (body: string) => Buffer.from(`%PDF-1.7\n${body}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
/** A PDF 1.5 object stream: the dictionaries inside are deflated, as most scanners write them. */
const objectStream = (inside: string, filter = '/Filter /FlateDecode') => {
  const packed = filter ? deflateSync(Buffer.from(inside)) : Buffer.from(inside);
  return Buffer.concat([
    Buffer.from(`%PDF-1.7\n5 0 obj\n<< /Type /ObjStm /N 1 /First 4 ${filter} /Length ${packed.length} >>\nstream\n`),
    packed,
    Buffer.from('\nendstream\nendobj\n%%EOF\n'),
  ]);
};

describe('[UPLOAD] Art. 24(1)(2): supporting documents are what they claim', () => {
  test('[UPLOAD] PDF, JPEG and PNG are recognised by their content, nothing else is', async () => {
    assert.deepEqual(await detectType(pdf), { ext: 'pdf', mime: 'application/pdf' });
    assert.deepEqual(await detectType(png), { ext: 'png', mime: 'image/png' });
    assert.deepEqual(await detectType(jpeg), { ext: 'jpg', mime: 'image/jpeg' });
    assert.equal(await detectType(Buffer.from('MZ\x90\x00 a program')), null);
    assert.equal(await detectType(Buffer.from('GIF89a\x01\x00\x01\x00')), null);
    assert.equal(await detectType(Buffer.from('<html><body>%PDF-1.4</body></html>')), null);
  });

  test('[UPLOAD] a file named .pdf that is not a PDF is refused', async () => {
    const result = await readUploads([
      file(Buffer.from('MZ\x90\x00 not really a pdf'), 'diploma.pdf', 'application/pdf'),
    ]);
    assert.deepEqual(result, { error: { code: 'fileType', name: 'diploma.pdf' } });
  });

  test('[UPLOAD] a file is stored under its name with the extension of its detected type', async () => {
    const result = await readUploads([file(pdf, 'scan.jpg', 'image/jpeg'), file(png, 'photo.PDF'), file(jpeg, 'id')]);
    assert.ok('uploads' in result);
    assert.deepEqual(
      result.uploads.map((u) => [u.fileName, u.contentType]),
      [
        ['scan.pdf', 'application/pdf'],
        ['photo.png', 'image/png'],
        ['id.jpg', 'image/jpeg'],
      ],
    );
    assert.match(result.uploads[0]?.sha256 ?? '', /^[0-9a-f]{64}$/);
  });

  test('[UPLOAD] a name hiding its extension behind a bidi override is stored as what it is', async () => {
    const result = await readUploads([file(pdf, 'invoice\u202Efdp.exe')]);
    assert.ok('uploads' in result);
    assert.equal(result.uploads[0]?.fileName, 'invoicefdp.pdf');
    assert.equal(storedName('\u0000\u2066report\u2069\u200F.pdf', 'pdf'), 'report.pdf');
    assert.equal(storedName('...', 'png'), 'document.png');
    assert.equal(storedName('C:\\Users\\me\\..\\.hidden.jpeg', 'jpg'), 'hidden.jpg');
    assert.equal(storedName(`${'й'.repeat(300)}.pdf`, 'pdf').length, 200);
  });

  test('[UPLOAD] a PDF carrying JavaScript is refused', async () => {
    const js = pdfWith('1 0 obj\n<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\nendobj');
    assert.equal(unsafePdfReason(js), 'active');
    assert.deepEqual(await readUploads([file(js, 'form.pdf')]), { error: { code: 'fileUnsafe', name: 'form.pdf' } });
    // Names may be written with #xx escapes (ISO 32000-1 §7.3.5): the same name.
    assert.equal(unsafePdfReason(pdfWith('1 0 obj\n<< /S /J#61va#53cript /J#53 (x) >>\nendobj')), 'active');
  });

  test('[UPLOAD] a PDF that launches a program, embeds files, rich media or XFA forms is refused', () => {
    for (const body of [
      '1 0 obj\n<< /OpenAction << /S /Launch /F (cmd.exe) >> >>\nendobj',
      '1 0 obj\n<< /Names << /EmbeddedFiles 3 0 R >> >>\nendobj\n3 0 obj\n<< /Type /EmbeddedFile >>\nendobj',
      '1 0 obj\n<< /Subtype /RichMedia >>\nendobj',
      '1 0 obj\n<< /AcroForm << /XFA 9 0 R >> >>\nendobj',
      '1 0 obj\n<< /AA << /O << /S/JavaScript/JS 4 0 R >> >> >>\nendobj',
    ])
      assert.equal(unsafePdfReason(pdfWith(body)), 'active', body);
  });

  test('[UPLOAD] JavaScript hidden in a deflated object stream is found', () => {
    assert.equal(unsafePdfReason(objectStream('1 0 << /S /JavaScript /JS (app.alert(1)) >>')), 'active');
    assert.equal(unsafePdfReason(objectStream('1 0 << /S /JavaScript /JS (x) >>', '')), 'active');
    assert.equal(unsafePdfReason(objectStream('1 0 << /Type /Page /Contents 6 0 R >>')), null);
    // Packed in a way we do not unpack, or not deflate at all: not taken on trust.
    assert.equal(unsafePdfReason(objectStream('1 0 << >>', '/Filter /LZWDecode')), 'unreadable');
    assert.equal(unsafePdfReason(objectStream('1 0 << >>', '/Filter 7 0 R')), 'unreadable');
  });

  test('[UPLOAD] a PDF that is also an HTML page (a polyglot) is refused', async () => {
    const polyglot = Buffer.from('%PDF-1.4\n%<html><script>alert(document.cookie)</script>\n1 0 obj\n<<>>\nendobj\n');
    assert.equal(unsafePdfReason(polyglot), 'html');
    assert.deepEqual(await readUploads([file(polyglot, 'p.pdf')]), { error: { code: 'fileUnsafe', name: 'p.pdf' } });
    assert.equal(unsafePdfReason(Buffer.from('%PDF-1.4\n% <!DOCTYPE html>\n')), 'html');
  });

  test('[UPLOAD] an encrypted PDF, which cannot be checked, is refused', () => {
    assert.equal(unsafePdfReason(pdfWith('trailer << /Encrypt 9 0 R >>')), 'encrypted');
  });

  test('[UPLOAD] a plain PDF, and one with a page link as its open action, are accepted', async () => {
    assert.equal(unsafePdfReason(pdf), null);
    assert.equal(unsafePdfReason(pdfWith('1 0 obj\n<< /Type /Catalog /OpenAction [3 0 R /Fit] >>\nendobj')), null);
    // The bytes of an image are not names, even when they happen to spell one.
    assert.equal(
      unsafePdfReason(pdfWith('4 0 obj\n<< /Length 9 >>\nstream\n\xff/JS \x00\xd8\nendstream\nendobj')),
      null,
    );
    // A PDF as a real program writes it (pdfkit, deflated pages and fonts).
    const written = new PDFDocument();
    const chunks: Buffer[] = [];
    written.on('data', (chunk: Buffer) => chunks.push(chunk));
    written.text('Диплом');
    written.end();
    await new Promise((resolve) => written.on('end', resolve));
    assert.deepEqual(await readUploads([file(Buffer.concat(chunks), 'diploma.pdf')]).then((r) => 'uploads' in r), true);
  });

  test('[UPLOAD] at most 10 MB a file', async () => {
    const big = Buffer.concat([pdf, Buffer.alloc(MAX_FILE_BYTES)]);
    assert.deepEqual(await readUploads([file(big, 'big.pdf')]), { error: { code: 'fileSize', name: 'big.pdf' } });
  });

  test('[UPLOAD] at most 5 files a request', async () => {
    const six = Array.from({ length: 6 }, (_, i) => file(pdf, `${i}.pdf`));
    assert.deepEqual(await readUploads(six), { error: { code: 'fileCount', name: '' } });
  });

  test('[UPLOAD] an empty file input is no upload, and names lose their path', async () => {
    const result = await readUploads([new File([], ''), file(png, '../../etc/passwd.png')]);
    assert.ok('uploads' in result);
    assert.deepEqual(
      result.uploads.map((u) => u.fileName),
      ['passwd.png'],
    );
  });
});
