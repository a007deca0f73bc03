import { sql } from 'drizzle-orm';
import { getDb } from '@/db';

/** Readiness for load balancers and the test runner: the server answers and the database does too. */
export async function GET() {
  try {
    await getDb().execute(sql`select 1`);
    return Response.json({ status: 'ok' });
  } catch {
    return Response.json({ status: 'database unavailable' }, { status: 503 });
  }
}
