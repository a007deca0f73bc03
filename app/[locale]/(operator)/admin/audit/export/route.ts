import { getDb } from '@/db';
import { searchAuditEvents } from '@/db/queries/audit';
import { parseAuditFilters } from '@/lib/audit/filters';
import { recordAudit } from '@/lib/audit/record';
import { requireStaff } from '@/lib/auth/session';
import { kazakhstanDay } from '@/lib/deadlines/due';
import { csvRows } from '@/lib/csv';
import { downloadHeaders } from '@/lib/http/download';

/** The filtered audit trail as CSV, streamed newest first; the export is itself recorded. */
export async function GET(request: Request) {
  const staff = await requireStaff('audit.view');
  const filters = parseAuditFilters(new URL(request.url).searchParams);
  const db = getDb();
  await db.transaction((tx) =>
    recordAudit(tx, {
      actor: staff,
      action: 'data_exported',
      entityType: 'audit_trail',
      details: { format: 'csv', filters },
    }),
  );
  const encoder = new TextEncoder();
  let before: number | undefined;
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(
          encoder.encode(
            '\ufeffid,at,actor_role,actor_email,action,entity_type,entity_id,reason,subject_email,client_address,user_agent\r\n',
          ),
        );
      }
      const rows = await searchAuditEvents(db, filters, { before, limit: 1000 });
      const lines = rows.map((r) => [
        String(r.id),
        r.at.toISOString(),
        r.actorRole,
        r.actorEmail ?? '',
        r.action,
        r.entityType,
        r.entityId ?? '',
        r.reason ?? '',
        r.subjectEmail ?? '',
        r.clientAddress ?? '',
        r.userAgent ?? '',
      ]);
      if (lines.length) controller.enqueue(encoder.encode(csvRows(lines)));
      if (rows.length < 1000) return controller.close();
      before = rows.at(-1)!.id;
    },
  });
  return new Response(stream, {
    headers: downloadHeaders('text/csv; charset=utf-8', `audit-${kazakhstanDay(new Date())}.csv`),
  });
}
