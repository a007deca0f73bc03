import { z } from 'zod';
import { isValidValueFor, MAX_TEXT_LENGTH } from '@/lib/requests/values';
import type { FieldErrorKey, RawRequestForm } from './definition';

/**
 * Reading and checking a request form. Every type's fields are read the same way; each type's zod
 * schema (in its own file) says what is required, with the error keys as messages.
 */
export type FieldError = { key: FieldErrorKey; max?: number };
export type ParseResult<Input> = { input: Input } | { fieldErrors: Record<string, FieldError> };

const text = (data: FormData, name: string) => String(data.get(name) ?? '').trim();

export function readRequestForm(data: FormData): RawRequestForm {
  const items = [...new Set(data.getAll('items').map(String))];
  return {
    description: text(data, 'description'),
    items,
    values: Object.fromEntries(items.map((id) => [id, text(data, `value:${id}`)])),
    supplementCategory: text(data, 'supplementCategory'),
    supplementValue: text(data, 'supplementValue'),
    consentId: text(data, 'consentId'),
    purposeId: text(data, 'purposeId'),
  };
}

/** A free-text field: trimmed, at most MAX_TEXT_LENGTH characters; empty is null unless required. */
export function description(required: true): z.ZodString;
export function description(required: false): z.ZodPipe<z.ZodString, z.ZodTransform<string | null, string>>;
export function description(required: boolean) {
  const base = z.string().max(MAX_TEXT_LENGTH, 'tooLong');
  return required ? base.min(1, 'required') : base.transform((value) => value || null);
}

/** Checks a value against the shape its category has (e-mail, IIN, phone…), with the field's error key. */
export function checkValue(
  context: z.RefinementCtx,
  path: string,
  code: string,
  value: string,
  missing: FieldErrorKey,
) {
  if (!value) context.addIssue({ code: 'custom', path: [path], message: missing });
  else if (!isValidValueFor(code, value)) context.addIssue({ code: 'custom', path: [path], message: 'invalidValue' });
}

/** BLOCK, DESTROY, PUBLIC_REMOVE: items (none = all of my data, unless `itemsRequired`) and the subject's words. */
export function itemsWithDescription(itemsRequired: boolean) {
  return z
    .object({
      items: itemsRequired ? z.array(z.string()).min(1, 'pickItems') : z.array(z.string()),
      description: description(true),
    })
    .transform((form) => ({ itemIds: form.items, description: form.description }));
}
