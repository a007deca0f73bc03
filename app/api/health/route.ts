import { getDb } from '@/db';
import { isDatabaseReachable } from '@/lib/health/database';
import { checkHealth } from '@/lib/health/status';
import { logger } from '@/lib/log';

export const dynamic = 'force-dynamic';

/**
 * For load balancers, supervisors and the test runner: 200 with the details (status "ok" or
 * "warn"), or 503 when the database cannot be reached. No personal data, no authentication.
 */
export async function GET() {
  const down = () =>
    Response.json(
      { status: 'down', database: 'unreachable' },
      { status: 503, headers: { 'Cache-Control': 'no-store' } },
    );
  // The probe answers at once when the database is known to be down, instead of waiting on the pool.
  if (!(await isDatabaseReachable())) return down();
  try {
    return Response.json(await checkHealth(getDb()), { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    logger('health').warn({ err: error }, 'health check: database unreachable');
    return down();
  }
}
