import type { RequestType } from '@/db/schema/requests';
import { access } from './access';
import { block } from './block';
import type { FieldErrorKey, FormContext, RequestTypeDefinition } from './definition';
import { destroy } from './destroy';
import { readRequestForm, type FieldError, type ParseResult } from './form';
import { objectAuto } from './object-auto';
import { publicRemove } from './public-remove';
import { rectify } from './rectify';
import { withdraw } from './withdraw';

/**
 * Every request type a subject may file (PRODUCT.md, "Request types and deadlines"), each described
 * once in its own file. The order is the order the portal offers them in.
 */
export const requestTypeTable = {
  ACCESS: access,
  RECTIFY: rectify,
  BLOCK: block,
  DESTROY: destroy,
  WITHDRAW: withdraw,
  PUBLIC_REMOVE: publicRemove,
  OBJECT_AUTO: objectAuto,
} satisfies { [T in RequestType]: { type: T } };

/** What a checked form of type T holds (its schema's output). */
export type InputOf<T extends RequestType> =
  (typeof requestTypeTable)[T] extends RequestTypeDefinition<T, infer Input> ? Input : never;

/** A checked request form of any type: the type and what its form said. */
export type SubjectRequestInput = { [T in RequestType]: { type: T } & InputOf<T> }[RequestType];

/** The definition of `type`, with its input type erased (for code that handles any type). */
export function requestTypeOf(type: RequestType): RequestTypeDefinition<RequestType, unknown> {
  return requestTypeTable[type] as RequestTypeDefinition<RequestType, unknown>;
}

export function typeOfSlug(slug: string): RequestType | null {
  return Object.values(requestTypeTable).find((definition) => definition.slug === slug)?.type ?? null;
}

export const slugOf = (type: RequestType) => requestTypeTable[type].slug;

/** Reads and checks the form of `type` against the subject's own data. */
export function parseRequestForm(
  type: RequestType,
  data: FormData,
  context: FormContext,
): ParseResult<SubjectRequestInput> {
  const form = readRequestForm(data);
  // Another subject's item (or one that does not exist) is "not found", never silently left out:
  // leaving it out could turn "block this item" into "block all my data".
  if (form.items.some((id) => !context.items.some((item) => item.id === id))) {
    return { fieldErrors: { items: { key: 'notFound' } } };
  }
  const result = requestTypeOf(type).schema(context).safeParse(form);
  if (result.success) return { input: { ...(result.data as object), type } as SubjectRequestInput };
  const fieldErrors: Record<string, FieldError> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    fieldErrors[field] ??= {
      key: issue.message as FieldErrorKey,
      ...(issue.code === 'too_big' ? { max: Number(issue.maximum) } : {}),
    };
  }
  return { fieldErrors };
}

/** What a subject has that a request can be about: items not destroyed, consents they may withdraw, automated purposes. */
export type Holdings = { items: number; withdrawableConsents: number; automatedPurposes: number };

/** Why a request type is not offered: a key under `requests.form` (the last two are what those forms say too). */
export type NotOffered = 'noData' | 'noConsents' | 'noAutomated';

/**
 * Art. 24(1)(1): someone the operator holds no data about is offered what still makes sense, never
 * a form with nothing to pick (issue 14). ACCESS always (the operator's formal answer, a statement
 * saying nothing is held); a consent withdrawal if they gave one; a type whose scope needs items,
 * or a purpose of their items, is not offered, and the reason is said. While the operator holds
 * data, every type is offered: each form says itself when there is no consent or automated
 * processing to pick.
 */
export function whyNotOffered(type: RequestType, held: Holdings): NotOffered | null {
  if (held.items > 0) return null;
  switch (requestTypeTable[type].scope) {
    case 'none':
      return null;
    case 'consent':
      return held.withdrawableConsents > 0 ? null : 'noConsents';
    case 'purpose':
      return held.automatedPurposes > 0 ? null : 'noAutomated';
    case 'items':
      return 'noData';
  }
}
