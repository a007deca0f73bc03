import { apiRoute } from '@/lib/api/handler';
import { getRequest } from '@/lib/api/operations';
import { findRequest } from '@/lib/api/requests';

export const dynamic = 'force-dynamic';

/** GET /api/v1/requests/{reference} (lib/api/requests.ts). */
export const GET = apiRoute(getRequest, async ({ tx, params, audit }) => ({
  body: await findRequest(tx, params.reference, audit),
}));
