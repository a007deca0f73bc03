import { getDb } from '@/db';
import { findRequestFormOptions } from '@/db/queries/subject-requests';
import type { RequestType } from '@/db/schema/requests';
import type { Problem } from '@/lib/actions/pipeline';
import { parseRequestForm, type SubjectRequestInput } from '@/lib/requests/types';

/**
 * The `check` step of the two actions that file a request (the subject's form and staff intake):
 * the type's own form (lib/requests/types) is parsed by its zod schema against the subject's own
 * items and categories, which only the database knows. Problems name `requests.errors` messages.
 */
export async function checkRequestForm<Input extends { type: RequestType }>(
  input: Input,
  data: FormData,
  /** null: someone the operator holds no record of, who has nothing a form could name. */
  subjectId: string | null,
): Promise<{ input: Input & { request: SubjectRequestInput } } | { problems: Problem[] }> {
  const options = subjectId ? await findRequestFormOptions(getDb(), subjectId) : { items: [], categories: [] };
  const parsed = parseRequestForm(input.type, data, {
    items: options.items.map((item) => ({ id: item.id, categoryCode: item.categoryCode })),
    categories: options.categories,
  });
  if ('input' in parsed) return { input: { ...input, request: parsed.input } };
  return {
    problems: Object.entries(parsed.fieldErrors).map(([field, error]) => ({
      field,
      key: `requests.errors.${error.key}`,
      values: { max: error.max ?? 0 },
    })),
  };
}
