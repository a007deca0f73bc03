import { dataSources, type DataSource } from '@/db/schema/subjects';
import { normalizeLine, normalizeText } from '@/lib/input/text';
import { ImportFileError, type SourceRecord } from './records';

/**
 * A file of data items: what the operator holds about each subject, one item a row under a header
 * line (columns in any order; docs/samples/items.csv shows one):
 * - `external_id`: the subject's id in the operator's systems (the subjects file's external_id);
 * - `category`: the code of a data category of the inventory;
 * - `value`: the data themselves;
 * - `source` (Art. 24(1)(1)): subject, state_database, third_party or operator; `method`:
 *   automated or manual;
 * - `collected_at`: an ISO date or date-time (Kazakhstan's time, UTC+5, unless it says its own
 *   offset); empty: now;
 * - `system`: the code of the system the item comes from, which must hold the category;
 * - `purposes` (optional): purpose codes separated by `|`; empty: every purpose that uses the category.
 */
export const itemColumns = [
  'external_id',
  'category',
  'value',
  'source',
  'method',
  'collected_at',
  'system',
  'purposes',
] as const;
export type ItemColumn = (typeof itemColumns)[number];

/** Why an item row is turned down: keys of `import.errors` in messages/*.json. */
export const itemRejections = [
  // The row itself:
  'externalId',
  'category',
  'system',
  'value',
  'tooLong',
  'source',
  'method',
  'date',
  'columns',
  'duplicateItem',
  // Against what the portal holds (lib/import/items-import.ts):
  'unknownSubject',
  'unknownCategory',
  'unknownSystem',
  'categoryNotInSystem',
  'unknownPurpose',
  'destroyed',
  'blocked',
] as const;
export type ItemRejection = (typeof itemRejections)[number];

export const processingMethods = ['automated', 'manual'] as const;
export type ProcessingMethod = (typeof processingMethods)[number];

/** The longest value an item takes (a postal address, a diploma's details), and the longest code. */
export const VALUE_MAX = 2000;
const CODE_MAX = 200;

export type ItemRow = {
  externalId: string;
  category: string;
  system: string;
  value: string;
  source: DataSource;
  method: ProcessingMethod;
  /** null: the time of the import. */
  collectedAt: Date | null;
  /** null: every purpose that uses the category. */
  purposes: string[] | null;
};

export type ParsedItem =
  | { line: number; row: ItemRow; cells: Record<string, string> }
  | { line: number; rejected: ItemRejection; cells: Record<string, string> };

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
// Kazakhstan has one time zone, UTC+5, since 1 March 2024: a time without an offset is read in it.
const KAZAKHSTAN_OFFSET = '+05:00';
// A collection date a day ahead is a clock or a time-zone slip; a later one is a mistake.
const FUTURE_SLACK_MS = 86_400_000;

/** An ISO date or date-time as an instant; null for anything else (31 February, the future, before 1900). */
export function parseCollectedAt(text: string, now = Date.now()): Date | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', zone] = m;
  const offset = !zone ? KAZAKHSTAN_OFFSET : zone === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${fraction}${offset}`);
  if (Number.isNaN(date.getTime())) return null;
  // The calendar day must exist: Date rolls 2024-02-31 over to March.
  const check = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (check.getUTCMonth() !== Number(month) - 1 || check.getUTCDate() !== Number(day)) return null;
  if (Number(year) < 1900 || date.getTime() > now + FUTURE_SLACK_MS) return null;
  return date;
}

/**
 * The row's checks that need nothing but the row; the first that fails is its reason. The API's
 * item writes (lib/api/items.ts) pass their fields through here too, so both hold the same rules.
 */
export function checkItemCells(cells: Record<ItemColumn, string>): ItemRow | ItemRejection {
  const code = (value: string) => normalizeLine(value).trim();
  const externalId = code(cells.external_id);
  const category = code(cells.category);
  const system = code(cells.system);
  const value = normalizeText(cells.value).trim();
  if (!externalId) return 'externalId';
  if (!category) return 'category';
  if (!system) return 'system';
  if (!value) return 'value';
  if (
    value.length > VALUE_MAX ||
    externalId.length > CODE_MAX ||
    category.length > CODE_MAX ||
    system.length > CODE_MAX
  )
    return 'tooLong';
  const source = code(cells.source);
  if (!(dataSources as readonly string[]).includes(source)) return 'source';
  const method = code(cells.method);
  if (!(processingMethods as readonly string[]).includes(method)) return 'method';
  const when = code(cells.collected_at);
  const collectedAt = when ? parseCollectedAt(when) : null;
  if (when && !collectedAt) return 'date';
  const listed = code(cells.purposes)
    .split('|')
    .map((p) => p.trim())
    .filter(Boolean);
  return {
    externalId,
    category,
    system,
    value,
    source: source as DataSource,
    method: method as ProcessingMethod,
    collectedAt,
    purposes: listed.length > 0 ? [...new Set(listed)] : null,
  };
}

/**
 * The rows of an items file as they stream, each valid or turned down with its line number and the
 * reason. A row naming the same subject, category and system as an earlier row is a duplicate:
 * which value is right is for a person to say. The header must name external_id, category, value
 * and system.
 */
export async function* parseItemsFile(records: AsyncIterable<SourceRecord>): AsyncGenerator<ParsedItem> {
  const seen = new KeySet();
  let checkedHeader = false;
  for await (const { line, record, badColumns } of records) {
    if (!checkedHeader) {
      if (!['external_id', 'category', 'value', 'system'].every((c) => c in record))
        throw new ImportFileError('header', 'items');
      checkedHeader = true;
    }
    const cells = Object.fromEntries(itemColumns.map((c) => [c, record[c] ?? ''])) as Record<ItemColumn, string>;
    if (badColumns) {
      yield { line, rejected: 'columns', cells };
      continue;
    }
    const row = checkItemCells(cells);
    if (typeof row === 'string') {
      yield { line, rejected: row, cells };
      continue;
    }
    if (!seen.add(`${row.system}\u0000${row.externalId}\u0000${row.category}`)) {
      yield { line, rejected: 'duplicateItem', cells };
      continue;
    }
    yield { line, row, cells };
  }
}

/**
 * The keys seen so far, as 64-bit hashes in an open-addressing table: 16 bytes a row at most, where
 * a Set of the keys' strings would hold ~100 bytes a row (a million rows: 16 MB, not 100 MB). Two
 * different keys share a hash with a chance of about n²/2⁶⁵ (3·10⁻⁸ for a million rows); then the
 * second is listed as a duplicate and a person sees that it is not.
 */
export class KeySet {
  private table = new Uint32Array(2 * 1024);
  private size = 0;

  /** false if the key was already there. */
  add(key: string): boolean {
    if (this.size * 2 >= this.table.length / 2) this.grow();
    const [a, b] = hash64(key);
    return this.insert(a, b === 0 && a === 0 ? 1 : b);
  }

  private insert(a: number, b: number): boolean {
    const slots = this.table.length / 2;
    for (let i = (a ^ b) & (slots - 1); ; i = (i + 1) & (slots - 1)) {
      const [x, y] = [this.table[2 * i]!, this.table[2 * i + 1]!];
      if (x === 0 && y === 0) {
        this.table[2 * i] = a;
        this.table[2 * i + 1] = b;
        this.size++;
        return true;
      }
      if (x === a && y === b) return false;
    }
  }

  private grow() {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0 || old[i + 1] !== 0) this.insert(old[i]!, old[i + 1]!);
  }
}

/** Two 32-bit halves of cyrb53's mixing (a fast, well-spread string hash; not a cryptographic one). */
function hash64(key: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}
