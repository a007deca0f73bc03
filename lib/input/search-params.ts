import { z } from 'zod';
import { normalizeLine } from '@/lib/input/text';

/**
 * A page's query parameters, read the one way every page reads them: each parameter has a zod
 * schema built from `param` below, and a value that does not fit is left out (the page shows what
 * it shows without it), never an error. So `?before=99999999999999999999`, `?from=2020-13-45`,
 * `?q=%00` or a parameter given twice cannot reach a query as something PostgreSQL refuses.
 */

/** What Next.js gives a page as `searchParams` (and `Object.fromEntries(url.searchParams)` in a route). */
export type SearchParams = Record<string, string | string[] | undefined>;

/** A parameter's schema: whatever it is given, it answers (its `catch` is the value when it does not fit). */
type Param = z.ZodCatch<z.ZodType>;

/** The longest search or filter text kept, in characters (an e-mail address is at most 254). */
export const MAX_QUERY_TEXT = 254;
/** The largest id an id column holds that JavaScript reads exactly: 2^53 − 1 (bigint columns, `mode: 'number'`). */
const MAX_ID = Number.MAX_SAFE_INTEGER;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A day of the calendar as YYYY-MM-DD: 2026-02-29 and 2020-13-45 are not days. */
export function isCalendarDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1900 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A moment as the portal writes it in its own links (`Date.toISOString()`): 2026-11-20T05:30:00.000Z. */
export function isInstant(value: string): boolean {
  return INSTANT.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;
}

export const param = {
  /** Free text, one line, trimmed and cut to `max` characters; absent is ''. */
  text: (max = MAX_QUERY_TEXT) =>
    z
      .string()
      .transform((value) => Array.from(value.trim()).slice(0, max).join('').trim())
      .catch(''),
  /** One of `values`, or null. */
  oneOf: <const Values extends readonly [string, ...string[]]>(values: Values) => z.enum(values).nullable().catch(null),
  /** A uuid (a subject, a staff member), or null. */
  uuid: () => z.uuid().nullable().catch(null),
  /** A positive whole number in digits that an id column can hold (1 … 2^53 − 1), or null. */
  id: () =>
    z
      .string()
      .regex(/^[1-9]\d{0,15}$/)
      .transform(Number)
      .refine((value) => value <= MAX_ID)
      .nullable()
      .catch(null),
  /** A whole number from `min` to `max` (a year), or null. */
  integer: (min: number, max: number) =>
    z
      .string()
      .regex(/^\d{1,9}$/)
      .transform(Number)
      .refine((value) => value >= min && value <= max)
      .nullable()
      .catch(null),
  /** A real calendar day, YYYY-MM-DD, or null. */
  day: () => z.string().refine(isCalendarDay).nullable().catch(null),
  /** A moment as the portal writes it in its own links (`Date.toISOString()`), or null. */
  instant: () => z.string().refine(isInstant).nullable().catch(null),
  /** A box ticked in a GET form (`value="1"`). */
  flag: () =>
    z
      .literal('1')
      .transform(() => true)
      .catch(false),
} satisfies Record<string, (...args: never[]) => Param>;

type Parsed<Shape extends Record<string, Param>> = { [Key in keyof Shape]: z.output<Shape[Key]> };

/**
 * The page's parameters as `shape` reads them, and the names of those that were given but did not
 * fit (a page may say so; most just leave them out). A parameter given twice counts once (the
 * first); every value is normalised text (lib/input/text.ts) before its schema sees it. Never throws.
 */
export function parseSearchParams<Shape extends Record<string, Param>>(
  raw: SearchParams | URLSearchParams,
  shape: Shape,
): { values: Parsed<Shape>; ignored: (keyof Shape & string)[] } {
  const values: Record<string, unknown> = {};
  const ignored: (keyof Shape & string)[] = [];
  for (const [name, schema] of Object.entries(shape) as [keyof Shape & string, Param][]) {
    const given = raw instanceof URLSearchParams ? (raw.get(name) ?? undefined) : raw[name];
    const first = Array.isArray(given) ? given[0] : given;
    const value = first === undefined ? undefined : normalizeLine(first);
    if (value !== undefined && value.trim() !== '' && !schema.unwrap().safeParse(value).success) ignored.push(name);
    values[name] = schema.parse(value);
  }
  return { values: values as Parsed<Shape>, ignored };
}
