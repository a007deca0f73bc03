/**
 * Text as it comes in at the edge (every server action's form through lib/actions/pipeline.ts,
 * every page's query parameters through lib/input/search-params.ts, every uploaded file's name):
 * the characters that only serve to hide what a text says are taken out before anything reads it.
 *
 * - NUL and the other C0 controls, DEL and the C1 controls: PostgreSQL refuses NUL in text
 *   (a 500 before this), and none of them is something a person types. A tab and a line break
 *   stay: they are what a multi-line field is made of. CR LF and a lone CR become LF.
 * - Bidirectional controls (embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, the
 *   marks U+200E, U+200F and U+061C): they make a text read differently from what it is
 *   ("invoice\u202Efdp.exe" shows as "invoiceexe.pdf"; CVE-2021-42574, "Trojan Source"). Kazakh,
 *   Russian and English need none of them; a right-to-left script still shows right to left.
 * - Then Unicode NFC, so the same word is stored, compared and searched as the same characters
 *   ("й" typed as и + U+0306 is the "й" the database holds).
 */

const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
// U+2028 and U+2029 are line and paragraph separators: a line break by another name.
const LINE_BREAKS = /\r\n?|[\u2028\u2029]/g;

/** Free text (several lines allowed): no NUL, controls or bidi controls, LF line breaks, NFC. */
export function normalizeText(value: string): string {
  // A lone surrogate (half of a character) becomes U+FFFD: it cannot be stored as UTF-8.
  return value.toWellFormed().replace(LINE_BREAKS, '\n').replace(CONTROLS, '').replace(BIDI, '').normalize('NFC');
}

/** One line (a search term, a name): as normalizeText, with tabs and line breaks as spaces. */
export function normalizeLine(value: string): string {
  return normalizeText(value).replace(/[\t\n]/g, ' ');
}

/** The longest file name kept, in characters. */
export const MAX_FILE_NAME = 200;

/**
 * A file name as the person gave it, safe to store and show: one line, no folders ("../../x",
 * "C:\\x"), no leading dots (a hidden file), at most MAX_FILE_NAME characters. May be empty.
 */
export function normalizeFileName(name: string): string {
  const base = normalizeLine(name).replace(/\\/g, '/').split('/').at(-1) ?? '';
  // Cut by characters, not UTF-16 units: half an emoji is not a character PostgreSQL can store.
  return Array.from(base.trim().replace(/^\.+/, '').trim()).slice(0, MAX_FILE_NAME).join('').trim();
}
