import type { RequestType } from '@/db/schema/requests';
import { fileRequest, type FiledRequest } from '@/lib/requests/file';
import type { FilingContext } from './definition';

/** Files a request about some of the subject's own items (BLOCK, DESTROY, PUBLIC_REMOVE). */
export async function fileAboutItems(
  type: RequestType,
  { tx, common, ownItems }: FilingContext,
  input: { itemIds: string[]; description: string },
): Promise<FiledRequest> {
  const items = await ownItems(input.itemIds);
  return fileRequest(tx, {
    ...common,
    type,
    description: input.description,
    items: items.map((item) => ({ dataItemId: item.id, categoryId: item.categoryId })),
  });
}
