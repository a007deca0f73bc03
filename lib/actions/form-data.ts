import { z } from 'zod';
import type { LocalizedText } from '@/db/schema/columns';
import { readUploads } from '@/lib/files/attachments';
import { normalizeFileName, normalizeText } from '@/lib/input/text';

/**
 * Reading a submitted form for its action's zod schema (lib/actions/pipeline.ts), and the field
 * schemas forms share. A schema says what each field is; nothing here guesses.
 */

/**
 * The form as the action's schema and `check` read it: every text normalised (lib/input/text.ts:
 * no NUL, control or bidi characters, NFC) and every file renamed the same way. This is the one
 * place a submitted form passes through, so no field of any form can store what a person cannot see.
 */
export function normalizeFormData(data: FormData): FormData {
  const normalized = new FormData();
  for (const [name, value] of data.entries()) {
    const key = normalizeText(name);
    if (typeof value === 'string') normalized.append(key, normalizeText(value));
    // Same bytes, the name cleaned: lib/files/attachments.ts then gives it the extension of its real type.
    else normalized.append(key, new File([value], normalizeFileName(value.name), { type: value.type }));
  }
  return normalized;
}

/**
 * The message of a field that names what the action is about (a request, a consent): when it is
 * not a valid id, that thing is simply not found. The pipeline answers it with the zone's
 * "not found", never with a made-up id.
 */
export const NOT_FOUND = 'notFound';

/** The id of what the action acts on, from a hidden field. */
export const id = z.uuid({ error: NOT_FOUND });

/** The version of the record the page showed (optimistic locking); like an id, a malformed one names nothing. */
export const version = z.coerce.number({ error: NOT_FOUND }).int({ error: NOT_FOUND });

/** A form sent twice is filed once; a missing or malformed key only loses that protection. */
export const idempotencyKey = z.uuid().nullable().catch(null);

/** A free-text field that may stay empty: empty is null. */
export const optionalText = z
  .string()
  .trim()
  .transform((value) => value || null);

/** A checkbox: sent as "on" when ticked, not sent at all otherwise. */
export const checkbox = z.enum(['on', '']).transform((value) => value === 'on');

/** A whole number typed in a field (an empty field is 0, which the domain refuses where it matters). */
export const integer = z.coerce.number().int();

/** An <input type="datetime-local"> value ("2026-11-20T10:30"), which is Kazakhstan time (UTC+5). */
export function kazakhstanTime(error?: string) {
  return z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error })
    .transform((value) => new Date(`${value}:00+05:00`))
    .refine((date) => !Number.isNaN(date.getTime()), { error });
}

/**
 * Supporting documents, read and recognised by lib/files/attachments.ts; a refused file is a
 * problem of the `files` field with its message in `requests.errors` (fileType, fileSize, fileCount).
 */
export const uploads = z.array(z.union([z.string(), z.instanceof(File)])).transform(async (entries, context) => {
  const read = await readUploads(entries);
  if ('uploads' in read) return read.uploads;
  context.addIssue({
    code: 'custom',
    message: `requests.errors.${read.error.code}`,
    params: { name: read.error.name },
  });
  return z.NEVER;
});

type Language = 'Kk' | 'Ru' | 'En';
const trimmed = z.string().trim();

/** A text given in each language has three fields: `nameKk`, `nameRu`, `nameEn`. */
export function localizedFields<Name extends string>(name: Name) {
  return { [`${name}Kk`]: trimmed, [`${name}Ru`]: trimmed, [`${name}En`]: trimmed } as Record<
    `${Name}${Language}`,
    typeof trimmed
  >;
}

/** The text of those three fields, for the domain. */
export function localized<Name extends string>(form: Record<`${Name}${Language}`, string>, name: Name): LocalizedText {
  return { kk: form[`${name}Kk`], ru: form[`${name}Ru`], en: form[`${name}En`] };
}

/** Wrappers around a schema that do not change what it reads: optional, default, catch, a pipe's input… */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  const def = (schema as z.core.$ZodTypes)._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return unwrap(def.innerType);
    case 'pipe':
      return unwrap(def.in);
    default:
      return schema;
  }
}

/**
 * The fields `schema` reads, as a plain object: every value of a field the schema expects a list
 * of (ticked items, selected requests, files), one value otherwise. A field the form did not send
 * (an unticked checkbox, a button not pressed) reads as empty, as an empty input does.
 */
export function formObject(data: FormData, schema: z.core.$ZodType): Record<string, unknown> {
  const object = unwrap(schema) as z.core.$ZodTypes;
  if (object._zod.def.type !== 'object') throw new Error('A form schema is an object of fields.');
  const shape = object._zod.def.shape;
  return Object.fromEntries(
    Object.entries(shape).map(([name, field]) => [
      name,
      (unwrap(field) as z.core.$ZodTypes)._zod.def.type === 'array' ? data.getAll(name) : (data.get(name) ?? ''),
    ]),
  );
}
