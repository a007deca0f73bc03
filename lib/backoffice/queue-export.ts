import { randomUUID } from 'node:crypto';
import type { Db } from '@/db';
import { findQueueExportPage, findQueueMatches, type QueueCursor, type QueueFilters } from '@/db/queries/queue';
import { recordAuditNaming } from '@/lib/audit/naming';
import { recordAudit } from '@/lib/audit/record';
import type { StaffUser } from '@/lib/auth/session';
import { kazakhstanToday } from '@/lib/deadlines/due';

/**
 * Rows a page (and, with names, an audit event) holds. A page is one transaction of its own
 * (findQueueExportPage): nothing is held between pages, so a slow download keeps no connection of
 * the pool. With names, each page's event is a commit, which costs a disk flush: 5,000 rows make
 * 24 of them for the 120,000 open requests of a million, not 120.
 */
const BATCH = 5000;

/**
 * The filtered queue as CSV, in the queue's order, streamed a page at a time (keyset), so a
 * million rows never sit in memory. A page is read only when the one before has been taken by the
 * reader (the stream's pull, high-water mark of one chunk: one page in flight), and comes from the
 * database as its CSV text, a few strings a page (findQueueExportPage): the server makes nothing
 * per row, and its memory stays flat through an export (issue 15, bench/queue-export.ts).
 *
 * Without `names` it holds no subject's personal data: references, types, states, dates and
 * assignees. With `names` (the requests.export_names permission) each row also names its subject,
 * and each subject named sees the export in their activity (Art. 8-2): for each batch, one event
 * naming the batch's new subjects (recordAuditNaming: a row each in audit_event_subjects, written
 * by the page's own statement, which the event's hash covers), committed before the batch leaves,
 * so no name is sent without its trace.
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
  // The export's batches so far: a subject they named is not named again.
  const batches: string[] = [];
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
      const batch = randomUUID();
      const page = await db.transaction(async (tx) => {
        const read = await findQueueExportPage(tx, filters, {
          today: kazakhstanToday(),
          staffId: staff.id,
          after,
          limit: BATCH,
          matches,
          naming: names ? { batch, earlier: batches } : null,
          now: new Date(),
        });
        if (read.named)
          await recordAuditNaming(
            tx,
            {
              actor: staff,
              action: 'data_exported',
              entityType: 'queue',
              details: { format: 'csv', export: 'queue', fields: ['full_name'] },
            },
            batch,
            read.named,
          );
        return read;
      });
      if (page.named) batches.push(batch);
      // Each chunk as it came (about 30 KB): joined, a page's 600 KB string would be made in V8's
      // old space, which only a full collection frees.
      for (const chunk of page.chunks) controller.enqueue(encoder.encode(chunk));
      if (!page.next) return controller.close();
      after = page.next;
    },
  });
}
