import { privacyNotice } from '@/lib/api/documents';
import { apiRoute } from '@/lib/api/handler';
import { getPrivacyNotice } from '@/lib/api/operations';

export const dynamic = 'force-dynamic';

/** GET /api/v1/privacy-notice: the notice in force as JSON-LD in DPV terms; no token (lib/privacy-notice/jsonld.ts). */
export const GET = apiRoute(getPrivacyNotice, async ({ tx, query }) => ({
  body: await privacyNotice(tx, query.locale),
  headers: { 'Content-Type': 'application/ld+json' },
}));
