import { apiRoute } from '@/lib/api/handler';
import { putItem as writeItem } from '@/lib/api/items';
import { putItem } from '@/lib/api/operations';

export const dynamic = 'force-dynamic';

/** PUT /api/v1/subjects/{externalId}/items/{categoryCode}: the item the token's system holds (lib/api/items.ts). */
export const PUT = apiRoute(putItem, ({ tx, caller, params, body }) => writeItem(tx, caller!, { ...params, ...body }));
