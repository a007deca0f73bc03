import { apiRoute } from '@/lib/api/handler';
import { listSubjectItems } from '@/lib/api/items';
import { listItems } from '@/lib/api/operations';

export const dynamic = 'force-dynamic';

/** GET /api/v1/subjects/{externalId}/items: what the portal holds from the token's system (lib/api/items.ts). */
export const GET = apiRoute(listItems, async ({ tx, caller, params, audit }) => ({
  body: await listSubjectItems(tx, caller!, params.externalId, audit),
}));
