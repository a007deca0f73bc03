import { apiRoute } from '@/lib/api/handler';
import { listRequests } from '@/lib/api/operations';
import { listRequests as findRequests } from '@/lib/api/requests';

export const dynamic = 'force-dynamic';

/** GET /api/v1/requests: filtered, cursor-paged (lib/api/requests.ts). */
export const GET = apiRoute(listRequests, async ({ tx, query, audit }) => ({
  body: await findRequests(tx, query, audit),
}));
