import { createHash } from 'node:crypto';
import { constants, inflateSync } from 'node:zlib';
import { fileTypeFromBuffer } from 'file-type';
import type { Tx } from '@/db';
import { attachments } from '@/db/schema/requests';
import { MAX_FILE_BYTES, MAX_FILES } from '@/lib/files/limits';
import { normalizeFileName } from '@/lib/input/text';

/**
 * Supporting documents (Art. 24(1)(2): a correction comes with the document that proves it).
 * Limits (lib/files/limits.ts, also in the README): at most MAX_FILES files a form, MAX_FILE_BYTES
 * each, PDF, JPEG or PNG as their bytes say (file-type), never as their name or the browser says.
 * A file is stored under the person's name with the extension of what it really is, so a download
 * opens in the program that matches it. A PDF that could act when opened (scripts, launch
 * actions, embedded files, rich media, XFA forms), that we cannot read through (encrypted, or an
 * object stream packed in a way we do not unpack), or that is also an HTML page (a polyglot a
 * browser could run) is refused: staff open these files.
 */
const allowedTypes = { pdf: 'application/pdf', jpg: 'image/jpeg', png: 'image/png' } as const;
type Extension = keyof typeof allowedTypes;
export type AllowedType = (typeof allowedTypes)[Extension];

/** The file's real type from its content (file-type), if it is one we accept. */
export async function detectType(bytes: Uint8Array): Promise<{ ext: Extension; mime: AllowedType } | null> {
  const found = await fileTypeFromBuffer(bytes);
  if (!found || !(found.ext in allowedTypes)) return null;
  const ext = found.ext as Extension;
  // file-type says "pdf" only for what starts with %PDF-, "jpg" and "png" only for those images.
  return found.mime === allowedTypes[ext] ? { ext, mime: allowedTypes[ext] } : null;
}

/**
 * PDF names that make a document act rather than show (ISO 32000-1 §12.6 actions, §7.11.4
 * embedded files, §12.7.8 XFA; Adobe's RichMedia extension). /OpenAction and /AA only name what
 * runs, which is one of these when it is anything but a page to show.
 */
const ACTIVE_NAMES = new Set(['JavaScript', 'JS', 'Launch', 'EmbeddedFile', 'EmbeddedFiles', 'RichMedia', 'XFA']);
/** HTML at the start of the file makes it a page a browser would render (and run) too. */
const HTML_MARKUP = /<\s*(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed)\b/i;
const HTML_WINDOW = 4096;

/** Every /Name of the text, with #xx escapes decoded (/J#61vaScript is /JavaScript; §7.3.5). */
function namesOf(text: string): Set<string> {
  const names = new Set<string>();
  for (const [, raw] of text.matchAll(/\/([^\s/<>[\]()%{}]+)/g)) {
    names.add(raw!.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))));
  }
  return names;
}

/**
 * Why a PDF is refused, or null. Object streams (§7.5.7, PDF 1.5+: where most scanners put their
 * dictionaries, deflated) are inflated and read too; one we cannot inflate is not taken on trust.
 */
export function unsafePdfReason(bytes: Buffer): 'html' | 'active' | 'encrypted' | 'unreadable' | null {
  const text = bytes.toString('latin1');
  if (HTML_MARKUP.test(text.slice(0, HTML_WINDOW))) return 'html';
  // Dictionaries live outside streams or inside object streams; the bytes of an image or a font
  // are not read for names (by chance they could spell /JS).
  const texts = [text.replace(/\bstream\r?\n[\s\S]*?\bendstream\b/g, ' ')];
  for (const match of text.matchAll(/\bobj\b((?:(?!\bobj\b)[\s\S]){0,4000}?)\bstream\r?\n/g)) {
    const names = namesOf(match[1]!);
    if (!names.has('ObjStm')) continue;
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) return 'unreadable';
    const filters = [...names].filter((name) => name.endsWith('Decode'));
    // A filter given by reference (/Filter 12 0 R) is one we cannot see.
    if (filters.length === 0 && names.has('Filter')) return 'unreadable';
    if (filters.length === 0) {
      texts.push(text.slice(start, end));
      continue;
    }
    if (filters.length > 1 || filters[0] !== 'FlateDecode') return 'unreadable';
    try {
      // A stream cut short still gives what it holds (SYNC_FLUSH), rather than failing.
      texts.push(inflateSync(bytes.subarray(start, end), { finishFlush: constants.Z_SYNC_FLUSH }).toString('latin1'));
    } catch {
      return 'unreadable';
    }
  }
  const names = new Set(texts.flatMap((part) => [...namesOf(part)]));
  if ([...ACTIVE_NAMES].some((name) => names.has(name))) return 'active';
  // Encrypted strings and streams (§7.6) cannot be read for any of the above.
  if (names.has('Encrypt')) return 'encrypted';
  return null;
}

export type Upload = { fileName: string; contentType: AllowedType; content: Buffer; sha256: string; byteSize: number };
export type UploadError = { code: 'fileType' | 'fileSize' | 'fileCount' | 'fileUnsafe'; name: string };

/**
 * The person's name for the file, normalised (lib/input/text.ts), with the extension of what it
 * is: "invoice\u202Efdp.exe" that is a PDF is stored as "invoicefdp.pdf", "scan.jpg" that is a PNG
 * as "scan.png".
 */
export function storedName(name: string, ext: Extension): string {
  const clean = normalizeFileName(name);
  const base = clean.replace(/\.[A-Za-z0-9]{1,8}$/, '').trim() || 'document';
  return `${Array.from(base)
    .slice(0, 200 - ext.length - 1)
    .join('')}.${ext}`;
}

/** Reads the files of a form; an empty file input (no file chosen) is not an upload. */
export async function readUploads(
  entries: FormDataEntryValue[],
): Promise<{ uploads: Upload[] } | { error: UploadError }> {
  const files = entries.filter((entry): entry is File => typeof entry !== 'string' && entry.size > 0);
  if (files.length > MAX_FILES) return { error: { code: 'fileCount', name: '' } };
  const uploads: Upload[] = [];
  for (const file of files) {
    const name = normalizeFileName(file.name) || 'document';
    if (file.size > MAX_FILE_BYTES) return { error: { code: 'fileSize', name } };
    const content = Buffer.from(await file.arrayBuffer());
    const type = await detectType(content);
    if (!type) return { error: { code: 'fileType', name } };
    if (type.ext === 'pdf' && unsafePdfReason(content)) return { error: { code: 'fileUnsafe', name } };
    uploads.push({
      fileName: storedName(file.name, type.ext),
      contentType: type.mime,
      content,
      byteSize: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
    });
  }
  return { uploads };
}

export async function storeAttachments(
  tx: Tx,
  input: {
    requestId: string;
    subjectId: string;
    eventId: number | null;
    uploadedById: string | null;
    uploads: Upload[];
  },
): Promise<void> {
  if (input.uploads.length === 0) return;
  await tx.insert(attachments).values(
    input.uploads.map((upload) => ({
      requestId: input.requestId,
      subjectId: input.subjectId,
      eventId: input.eventId,
      uploadedById: input.uploadedById,
      ...upload,
    })),
  );
}
