import { Readable } from 'node:stream';
import iconv from 'iconv-lite';

/**
 * The encodings an operator's export comes in: UTF-8 (with or without a BOM) from most systems, and
 * Windows-1251 from Excel's "CSV" on a Russian or Kazakh Windows, still common in Kazakhstan.
 */
export const importEncodings = ['utf-8', 'windows-1251'] as const;
export type ImportEncoding = (typeof importEncodings)[number];

/** How much of the file the guess reads: enough for many rows of Cyrillic, little enough to hold. */
const SNIFF_BYTES = 64 * 1024;

/**
 * UTF-8 if the bytes are valid UTF-8 (a BOM says so outright); otherwise Windows-1251, where every
 * byte is a character. Cyrillic in Windows-1251 is almost never valid UTF-8 (its letters are single
 * bytes from 0xC0 up, which UTF-8 would need followed by continuation bytes), so the guess holds for
 * real files; staff can still choose the encoding when it does not.
 */
export function detectEncoding(head: Uint8Array): ImportEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  try {
    // stream: a character cut at the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'windows-1251';
  }
}

/**
 * The file's text, decoded as it streams (iconv-lite; a UTF-8 BOM dropped), with the encoding used:
 * the one chosen, or the one the first bytes show.
 */
export async function decodeStream(
  source: AsyncIterable<Uint8Array>,
  choice: ImportEncoding | 'auto' = 'auto',
): Promise<{ encoding: ImportEncoding; text: Readable }> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = Buffer.from(next.value);
    head.push(chunk);
    size += chunk.length;
  }
  const first = Buffer.concat(head);
  const encoding = choice === 'auto' ? detectEncoding(first) : choice;
  const decoder = iconv.getDecoder(encoding);
  async function* decoded() {
    const text = decoder.write(first);
    if (text) yield text;
    if (!done)
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        const more = decoder.write(Buffer.from(next.value));
        if (more) yield more;
      }
    const rest = decoder.end();
    if (rest) yield rest;
  }
  return { encoding, text: Readable.from(decoded(), { objectMode: false }) };
}
