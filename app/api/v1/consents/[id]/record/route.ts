import { consentRecord } from '@/lib/api/documents';
import { apiRoute } from '@/lib/api/handler';
import { getConsentRecord } from '@/lib/api/operations';

export const dynamic = 'force-dynamic';

/** GET /api/v1/consents/{id}/record: the ISO/IEC TS 27560 record (lib/consents/jsonld.ts). */
export const GET = apiRoute(getConsentRecord, async ({ tx, params, query, audit }) => ({
  body: await consentRecord(tx, params.id, query.locale, audit),
}));
