import { apiRoute } from '@/lib/api/handler';
import { writeItemsBatch } from '@/lib/api/items';
import { batchItems } from '@/lib/api/operations';

export const dynamic = 'force-dynamic';

/**
 * POST /api/v1/items:batch (Google's AIP-136 custom-method style): up to 1,000 item writes in one
 * transaction, a result for each (lib/api/items.ts). The colon is part of the folder's name.
 */
export const POST = apiRoute(batchItems, async ({ tx, caller, body }) => ({
  body: await writeItemsBatch(tx, caller!, body),
}));
