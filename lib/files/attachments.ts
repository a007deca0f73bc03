import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Tx } from '@/db';
import { attachments } from '@/db/schema/requests';

/** Supporting documents: PDF, JPEG or PNG, recognised by their first bytes, at most 10 MB each and 5 at a time. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES = 5;

export type AllowedType = 'application/pdf' | 'image/jpeg' | 'image/png';

const signatures: [AllowedType, number[]][] = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
];

/** The file's real type from its content; a renamed executable is not a PDF because it says so. */
export function sniffType(bytes: Uint8Array): AllowedType | null {
  for (const [type, signature] of signatures) {
    if (signature.every((byte, i) => bytes[i] === byte)) return type;
  }
  return null;
}

export type Upload = { fileName: string; contentType: AllowedType; content: Buffer; sha256: string; byteSize: number };
export type UploadError = { code: 'fileType' | 'fileSize' | 'fileCount'; name: string };

function cleanName(name: string): string {
  const base = path
    .basename(name.replace(/\\/g, '/'))
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  return (base || 'document').slice(0, 200);
}

/** Reads the files of a form; an empty file input (no file chosen) is not an upload. */
export async function readUploads(
  entries: FormDataEntryValue[],
): Promise<{ uploads: Upload[] } | { error: UploadError }> {
  const files = entries.filter((entry): entry is File => typeof entry !== 'string' && entry.size > 0);
  if (files.length > MAX_FILES) return { error: { code: 'fileCount', name: '' } };
  const uploads: Upload[] = [];
  for (const file of files) {
    const name = cleanName(file.name);
    if (file.size > MAX_FILE_BYTES) return { error: { code: 'fileSize', name } };
    const content = Buffer.from(await file.arrayBuffer());
    const contentType = sniffType(content);
    if (!contentType) return { error: { code: 'fileType', name } };
    uploads.push({
      fileName: name,
      contentType,
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
