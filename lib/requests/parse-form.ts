import type { RequestType } from '@/db/schema/requests';
import { isUuid } from '@/lib/ids';
import { isValidValueFor, MAX_TEXT_LENGTH } from './values';

/**
 * A request form, read and checked field by field. Errors name a message in `requests.errors`;
 * ownership (are these my items, my consent?) is checked again in the transaction that files it.
 */
export type SubjectRequestInput =
  | { type: 'ACCESS'; description: string | null }
  | {
      type: 'RECTIFY';
      changes: { itemId: string; value: string }[];
      supplement: { categoryId: string; value: string } | null;
      description: string | null;
    }
  | { type: 'BLOCK' | 'DESTROY' | 'PUBLIC_REMOVE'; itemIds: string[]; description: string }
  | { type: 'WITHDRAW'; consentId: string }
  | { type: 'OBJECT_AUTO'; purposeId: string; description: string | null };

export type FieldError = {
  key:
    | 'required'
    | 'pickItems'
    | 'newValue'
    | 'nothingToChange'
    | 'tooLong'
    | 'invalidValue'
    | 'pickConsent'
    | 'pickPurpose';
  max?: number;
};
export type ParseResult = { input: SubjectRequestInput } | { fieldErrors: Record<string, FieldError> };

/** What the form may refer to: the subject's own items and the categories that can be supplemented. */
export type FormContext = {
  items: { id: string; categoryCode: string }[];
  categories: { id: string; code: string }[];
};

const text = (data: FormData, name: string) => String(data.get(name) ?? '').trim();

export function parseRequestForm(type: RequestType, data: FormData, context: FormContext): ParseResult {
  const errors: Record<string, FieldError> = {};
  const description = text(data, 'description');
  if (description.length > MAX_TEXT_LENGTH) errors.description = { key: 'tooLong', max: MAX_TEXT_LENGTH };
  const itemIds = [...new Set(data.getAll('items').map(String))].filter((id) =>
    context.items.some((item) => item.id === id),
  );
  const done = (input: SubjectRequestInput): ParseResult =>
    Object.keys(errors).length ? { fieldErrors: errors } : { input };

  switch (type) {
    case 'ACCESS':
      return done({ type, description: description || null });
    case 'RECTIFY': {
      const changes = itemIds.map((itemId) => ({ itemId, value: text(data, `value:${itemId}`) }));
      for (const change of changes) {
        const code = context.items.find((item) => item.id === change.itemId)!.categoryCode;
        if (!change.value) errors[`value:${change.itemId}`] = { key: 'newValue' };
        else if (!isValidValueFor(code, change.value)) errors[`value:${change.itemId}`] = { key: 'invalidValue' };
      }
      const categoryId = text(data, 'supplementCategory');
      const category = context.categories.find((c) => c.id === categoryId);
      const supplementValue = text(data, 'supplementValue');
      let supplement: { categoryId: string; value: string } | null = null;
      if (category) {
        if (!supplementValue) errors.supplementValue = { key: 'required' };
        else if (!isValidValueFor(category.code, supplementValue)) errors.supplementValue = { key: 'invalidValue' };
        else supplement = { categoryId: category.id, value: supplementValue };
      }
      if (changes.length === 0 && !category) errors.items = { key: 'nothingToChange' };
      return done({ type, changes, supplement, description: description || null });
    }
    case 'BLOCK':
    case 'DESTROY':
    case 'PUBLIC_REMOVE':
      if (type === 'DESTROY' && itemIds.length === 0) errors.items = { key: 'pickItems' };
      if (!description) errors.description = { key: 'required' };
      return done({ type, itemIds, description });
    case 'WITHDRAW': {
      const consentId = data.get('consentId');
      if (!isUuid(consentId)) errors.consentId = { key: 'pickConsent' };
      return done({ type, consentId: String(consentId) });
    }
    case 'OBJECT_AUTO': {
      const purposeId = data.get('purposeId');
      if (!isUuid(purposeId)) errors.purposeId = { key: 'pickPurpose' };
      return done({ type, purposeId: String(purposeId), description: description || null });
    }
  }
}
