import type { Tx } from '@/db';
import type { NamedSubjects } from '@/db/queries/audit-subjects';
import { recordAudit, type AuditInput } from '@/lib/audit/record';

/**
 * The chained event of a batch naming many subjects, whose rows in audit_event_subjects the caller
 * wrote in this transaction under `batch` (findQueueExportPage): each subject sees the event in their
 * activity as if it were theirs alone (the view subject_audit_events: entity the request they are
 * listed with), and the event's details carry the batch and its digest. The event is chained at
 * commit like any other (lib/audit/record.ts): the rows, keyed by the batch rather than the event's
 * id, need nothing from the chain, so nothing is written under its lock.
 */
export async function recordAuditNaming(tx: Tx, input: AuditInput, batch: string, named: NamedSubjects): Promise<void> {
  await recordAudit(tx, {
    ...input,
    subjectId: null,
    details: { ...input.details, subjects: { batch, count: named.count, sha256: named.sha256 } },
  });
}
