import { apiRoute } from '@/lib/api/handler';
import { postTransfer } from '@/lib/api/operations';
import { postTransfer as recordTransfer } from '@/lib/api/transfers';

export const dynamic = 'force-dynamic';

/** POST /api/v1/transfers: record a transfer; the Art. 19 notice follows (lib/api/transfers.ts). */
export const POST = apiRoute(postTransfer, async ({ tx, caller, body }) => ({
  body: await recordTransfer(tx, caller!, body),
}));
