import { getDb } from '@/db';
import { parseQueueFilters } from '@/lib/backoffice/queue-filters';
import { queueCsvStream } from '@/lib/backoffice/queue-export';
import { requireStaff } from '@/lib/auth/session';
import { kazakhstanDay } from '@/lib/deadlines/due';
import { downloadHeaders } from '@/lib/http/download';

/** The filtered queue as CSV, without subjects' personal data (lib/backoffice/queue-export.ts); the export is recorded. */
export async function GET(request: Request) {
  const staff = await requireStaff('requests.view');
  const filters = parseQueueFilters(new URL(request.url).searchParams);
  const stream = await queueCsvStream(getDb(), staff, filters, { names: false });
  return new Response(stream, {
    headers: downloadHeaders('text/csv; charset=utf-8', `requests-${kazakhstanDay(new Date())}.csv`),
  });
}
