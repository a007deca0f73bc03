import { apiRoute } from '@/lib/api/handler';
import { putSubject } from '@/lib/api/operations';
import { putSubject as writeSubject } from '@/lib/api/subjects';

export const dynamic = 'force-dynamic';

/** PUT /api/v1/subjects/{externalId}: create or update a subject (lib/api/subjects.ts). */
export const PUT = apiRoute(putSubject, ({ tx, caller, params, body }) =>
  writeSubject(tx, caller!, params.externalId, body),
);
