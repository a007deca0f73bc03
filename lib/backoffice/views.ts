import type { Tx } from '@/db';
import { findRequestAttachment } from '@/db/queries/staff-requests';
import { recordAudit } from '@/lib/audit/record';
import { authorize } from '@/lib/auth/authorize';

type User = Parameters<typeof authorize>[0];

/**
 * Art. 8-2(2), 22(1)(5): every staff view of a subject's data leaves an audit event the subject
 * sees in their activity: opening a request with their data, and opening one of their documents.
 */
export async function recordRequestView(
  tx: Tx,
  user: User,
  request: { id: string; subjectId: string; reference: string },
) {
  const staff = authorize(user, 'requests.view');
  await recordAudit(tx, {
    actor: staff,
    action: 'data_viewed',
    subjectId: request.subjectId,
    entityType: 'request',
    entityId: request.id,
    reason: request.reference,
  });
}

export async function openAttachment(
  tx: Tx,
  user: User,
  input: { requestId: string; attachmentId: string; reference: string },
) {
  const staff = authorize(user, 'requests.view');
  const file = await findRequestAttachment(tx, input.requestId, input.attachmentId);
  if (!file?.content) return null;
  await recordAudit(tx, {
    actor: staff,
    action: 'attachment_opened',
    subjectId: file.subjectId,
    entityType: 'attachment',
    entityId: file.id,
    reason: input.reference,
    details: { fileName: file.fileName },
  });
  return file;
}

/** Registering a paper request shows staff the subject's items to fill in its form: a view of their data. */
export async function recordIntakeView(tx: Tx, user: User, subjectId: string) {
  const staff = authorize(user, 'requests.intake');
  await recordAudit(tx, {
    actor: staff,
    action: 'data_viewed',
    subjectId,
    entityType: 'subject',
    entityId: subjectId,
    details: { for: 'intake' },
  });
}
