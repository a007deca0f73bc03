import { z } from 'zod';
import { locales, type Locale } from '@/db/schema/subjects';
import { isValidIin } from '@/lib/iin';
import { normalizeLine } from '@/lib/input/text';
import { ImportFileError, type SourceRecord } from './records';

/**
 * A file of the operator's subjects, one a row under a header line (the order of the columns is
 * free; docs/samples/subjects.csv shows one): `external_id` (the operator's own id, required),
 * `full_name`, `iin`, `email`, `phone`, `language` (kk, ru or en; kk when empty). Commas, semicolons
 * (Excel's CSV in a Russian or Kazakh Windows) or tabs separate the cells.
 */
export const subjectColumns = ['external_id', 'full_name', 'iin', 'email', 'phone', 'language'] as const;
type Column = (typeof subjectColumns)[number];

/** Why a row is turned down: keys of `import.errors` in messages/*.json. */
export const rowRejections = [
  'externalId',
  'name',
  'iin',
  'email',
  'phone',
  'language',
  'tooLong',
  'columns',
  'duplicateExternalId',
  'duplicateIin',
  'duplicateEmail',
] as const;
export type RowRejection = (typeof rowRejections)[number];

const LONGEST = 500;
const line = z
  .string()
  .transform(normalizeLine)
  .transform((value) => value.trim());
const optional = (check: z.ZodType<string, string>) => line.pipe(z.union([z.literal('').transform(() => null), check]));

/**
 * Each column's check, one place: the file's rows and the API's subject (lib/api/schemas.ts) are
 * held to the same rules. An empty text is "not given" (null); an error names a key of `import.errors`.
 */
export const subjectFieldChecks = {
  external_id: line.pipe(z.string().min(1, { error: 'externalId' }).max(200, { error: 'tooLong' })),
  full_name: optional(z.string().max(LONGEST, { error: 'tooLong' })),
  iin: optional(z.string().refine(isValidIin, { error: 'iin' })),
  email: optional(
    z
      .string()
      .transform((value) => value.toLowerCase())
      .pipe(z.email({ error: 'email' }).max(254, { error: 'email' })),
  ),
  phone: optional(z.string().regex(/^\+?[\d\s()-]{5,30}$/, { error: 'phone' })),
  language: line.pipe(z.union([z.literal('').transform((): Locale => 'kk'), z.enum(locales)], { error: 'language' })),
};

const subjectRow = z.object(subjectFieldChecks);
export type SubjectRow = z.output<typeof subjectRow>;

export type ParsedRow =
  { line: number; row: SubjectRow } | { line: number; rejected: RowRejection; cells: Record<string, string> };

/**
 * The rows of a subjects file as they stream, each valid or turned down with its line number (the
 * file's own, counting the header as line 1, so a spreadsheet shows the same row) and the reason.
 * A row repeating an earlier row's external id, IIN or e-mail address is a duplicate: which one is
 * right is for a person to say. The header must name `external_id`; unknown columns are ignored.
 */
export async function* parseSubjectsFile(records: AsyncIterable<SourceRecord>): AsyncGenerator<ParsedRow> {
  const seen = { externalId: new Set<string>(), iin: new Set<string>(), email: new Set<string>() };
  let checkedHeader = false;
  for await (const { line: at, record, badColumns } of records) {
    if (!checkedHeader) {
      if (!('external_id' in record)) throw new ImportFileError('header', 'subjects');
      checkedHeader = true;
    }
    const cells = Object.fromEntries(subjectColumns.map((c) => [c, record[c] ?? ''])) as Record<Column, string>;
    if (badColumns) {
      yield { line: at, rejected: 'columns', cells };
      continue;
    }
    const parsed = subjectRow.safeParse(cells);
    if (!parsed.success) {
      yield { line: at, rejected: parsed.error.issues[0]!.message as RowRejection, cells };
      continue;
    }
    const row = parsed.data;
    const duplicate: RowRejection | null = seen.externalId.has(row.external_id)
      ? 'duplicateExternalId'
      : row.iin && seen.iin.has(row.iin)
        ? 'duplicateIin'
        : row.email && seen.email.has(row.email)
          ? 'duplicateEmail'
          : null;
    if (duplicate) {
      yield { line: at, rejected: duplicate, cells };
      continue;
    }
    seen.externalId.add(row.external_id);
    if (row.iin) seen.iin.add(row.iin);
    if (row.email) seen.email.add(row.email);
    yield { line: at, row };
  }
}
