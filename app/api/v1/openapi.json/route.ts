import { env } from '@/lib/env';
import { openApiDocument } from '@/lib/api/openapi';

export const dynamic = 'force-dynamic';

/** GET /api/v1/openapi.json: the OpenAPI 3.1 document, from the routes' own schemas (lib/api/openapi.ts). */
export function GET() {
  return Response.json(openApiDocument(env().AUTH_URL), { headers: { 'Cache-Control': 'no-store' } });
}
