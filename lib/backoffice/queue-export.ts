import type { Db } from '@/db';
import { findQueueExportPage, findQueueMatches, type QueueCursor, type QueueFilters } from '@/db/queries/queue';
import { recordAudit, recordAuditNaming, type NamedSubject } from '@/lib/audit/record';
import type { StaffUser } from '@/lib/auth/session';
import { csvRows } from '@/lib/csv';
import { kazakhstanToday } from '@/lib/deadlines/due';

/**
 * Rows a page (and, with names, an audit event) holds. A page is one statement in a transaction of
 * its own (findQueueExportPage): nothing is held between pages, so a slow download keeps no
 * connection of the pool. With names, each page's event is a commit, which costs a disk flush:
 * 5,000 rows make 24 of them for the 120,000 open requests of a million, not 120.
 */
const BATCH = 5000;

/**
 * The filtered queue as CSV, in the queue's order, streamed a page at a time (keyset, read by
 * findQueueExportPage as text, no Date or object per cell), so a million rows never sit in memory. Without `names` it holds no subject's personal data: references, types,
 * states, dates and assignees. With `names` (the requests.export_names permission) each row also
 * names its subject, and each subject named sees the export in their activity (Art. 8-2): for each
 * batch, one chained event naming the batch's new subjects (recordAuditNaming: a row each in
 * audit_event_subjects, which the event's hash covers), committed before the batch leaves, so no
 * name is sent without its trace.
 */
export async function queueCsvStream(
  db: Db,
  staff: StaffUser,
  filters: QueueFilters,
  { names }: { names: boolean },
): Promise<ReadableStream<Uint8Array>> {
  await db.transaction((tx) =>
    recordAudit(tx, {
      actor: staff,
      action: 'data_exported',
      entityType: 'queue',
      details: { format: 'csv', filters, names },
    }),
  );
  // A search's matches are found once, so every batch lists the same requests.
  const matches = await findQueueMatches(db, filters, { staffId: staff.id, today: kazakhstanToday() });
  const encoder = new TextEncoder();
  const named = new Set<string>();
  let after: QueueCursor | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        const header = ['reference', 'type', 'state', 'registered_at', 'due_at', 'overdue', 'assignee'];
        if (names) header.splice(1, 0, 'subject_name');
        controller.enqueue(encoder.encode(`\ufeff${header.join(',')}\r\n`));
      }
      const page = await findQueueExportPage(db, filters, {
        today: kazakhstanToday(),
        staffId: staff.id,
        after,
        limit: BATCH,
        matches,
        subjectNames: names,
        now: new Date(),
      });
      if (names) {
        const batch: NamedSubject[] = [];
        for (const row of page.rows) {
          if (named.has(row.subjectId)) continue;
          named.add(row.subjectId);
          // The request the subject is listed with first: their activity links it.
          batch.push({ subjectId: row.subjectId, requestId: row.id });
        }
        if (batch.length)
          await db.transaction((tx) =>
            recordAuditNaming(
              tx,
              {
                actor: staff,
                action: 'data_exported',
                entityType: 'queue',
                details: { format: 'csv', export: 'queue', fields: ['full_name'] },
              },
              batch,
            ),
          );
      }
      const lines = page.rows.map((row) => {
        // The cursor's microseconds cut to milliseconds: what Date.prototype.toISOString writes.
        const line = [
          row.reference,
          row.type,
          row.state,
          `${row.registeredAt.slice(0, 23)}Z`,
          `${row.dueAt.slice(0, 23)}Z`,
          String(row.overdue),
          row.assigneeEmail ?? '',
        ];
        if (names) line.splice(1, 0, row.subjectName ?? '');
        return line;
      });
      if (lines.length) controller.enqueue(encoder.encode(csvRows(lines)));
      if (!page.next) return controller.close();
      after = page.next;
    },
  });
}
