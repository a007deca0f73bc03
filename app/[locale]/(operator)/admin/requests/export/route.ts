import { getDb } from '@/db';
import { findQueuePage, type QueueCursor } from '@/db/queries/queue';
import { parseQueueFilters } from '@/lib/backoffice/queue-filters';
import { isOpenState } from '@/db/schema/requests';
import { recordAudit } from '@/lib/audit/record';
import { requireStaff } from '@/lib/auth/session';
import { kazakhstanDay, kazakhstanToday } from '@/lib/deadlines/due';
import { csvRows } from '@/lib/csv';
import { downloadHeaders } from '@/lib/http/download';

/**
 * The filtered queue as CSV, streamed a page at a time (keyset), so a million rows never sit in
 * memory. It holds no subject's personal data: references, types, states, dates and assignees.
 */
export async function GET(request: Request) {
  const staff = await requireStaff('requests.view');
  const filters = parseQueueFilters(new URL(request.url).searchParams);
  const db = getDb();
  await db.transaction((tx) =>
    recordAudit(tx, {
      actor: staff,
      action: 'data_exported',
      entityType: 'queue',
      details: { format: 'csv', filters },
    }),
  );
  const encoder = new TextEncoder();
  let after: QueueCursor | null = null;
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode('\ufeffreference,type,state,registered_at,due_at,overdue,assignee\r\n'));
      }
      const page = await findQueuePage(db, filters, {
        today: kazakhstanToday(),
        staffId: staff.id,
        after,
        limit: 1000,
      });
      const now = Date.now();
      const lines = page.rows.map((row) => [
        row.reference,
        row.type,
        row.state,
        row.registeredAt.toISOString(),
        row.dueAt.toISOString(),
        String(isOpenState(row.state) && row.dueAt.getTime() < now),
        row.assigneeEmail ?? '',
      ]);
      if (lines.length) controller.enqueue(encoder.encode(csvRows(lines)));
      if (!page.next) return controller.close();
      const [dueAt, id] = page.next.split('_') as [string, string];
      after = { dueAt, id };
    },
  });
  return new Response(stream, {
    headers: downloadHeaders('text/csv; charset=utf-8', `requests-${kazakhstanDay(new Date())}.csv`),
  });
}
