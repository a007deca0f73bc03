import { requestTypes, type RequestType } from '@/db/schema/requests';

/** Request types in URLs: /me/requests/new/public-remove rather than PUBLIC_REMOVE. */
export const slugOf = (type: RequestType) => type.toLowerCase().replace('_', '-');

export function typeOfSlug(slug: string): RequestType | null {
  return requestTypes.find((type) => slugOf(type) === slug) ?? null;
}
