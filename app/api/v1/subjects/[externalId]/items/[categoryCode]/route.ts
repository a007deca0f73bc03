import { apiRoute } from '@/lib/api/handler';
import { groupedPutItem, putItem as writeItem } from '@/lib/api/items';
import { putItem } from '@/lib/api/operations';

export const dynamic = 'force-dynamic';

/**
 * PUT /api/v1/subjects/{externalId}/items/{categoryCode}: the item the token's system holds
 * (lib/api/items.ts). Concurrent calls share a transaction (group commit); a call with an
 * Idempotency-Key runs in its own, where its answer is kept.
 */
export const PUT = apiRoute(putItem, ({ tx, caller, params, body }) => writeItem(tx, caller!, { ...params, ...body }), {
  grouped: (db, { caller, params, body }) => groupedPutItem(db, { caller, fields: { ...params, ...body } }),
});
