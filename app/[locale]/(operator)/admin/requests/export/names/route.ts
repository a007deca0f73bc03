import { getDb } from '@/db';
import { parseQueueFilters } from '@/lib/backoffice/queue-filters';
import { queueCsvStream } from '@/lib/backoffice/queue-export';
import { requireStaff } from '@/lib/auth/session';
import { kazakhstanDay } from '@/lib/deadlines/due';
import { downloadHeaders } from '@/lib/http/download';

/**
 * The filtered queue as CSV with each request's subject named: for staff whose role may export
 * names (requests.export_names). Each subject named sees the export in their activity (Art. 8-2).
 */
export async function GET(request: Request) {
  const staff = await requireStaff('requests.export_names');
  const filters = parseQueueFilters(new URL(request.url).searchParams);
  const stream = await queueCsvStream(getDb(), staff, filters, { names: true });
  return new Response(stream, {
    headers: downloadHeaders('text/csv; charset=utf-8', `requests-names-${kazakhstanDay(new Date())}.csv`),
  });
}
