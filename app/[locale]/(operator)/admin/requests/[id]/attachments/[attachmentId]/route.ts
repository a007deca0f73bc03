import { getDb } from '@/db';
import { findRequestReference } from '@/db/queries/staff-requests';
import { requireStaff } from '@/lib/auth/session';
import { openAttachment } from '@/lib/backoffice/views';
import { isUuid } from '@/lib/ids';
import { downloadHeaders } from '@/lib/http/download';

/** Staff open a document of a request; the opening is audited and shows in the subject's activity. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; attachmentId: string }> }) {
  const { id, attachmentId } = await params;
  const staff = await requireStaff('requests.view');
  if (!isUuid(id) || !isUuid(attachmentId)) return new Response(null, { status: 404 });
  const db = getDb();
  const file = await db.transaction(async (tx) => {
    const reference = await findRequestReference(tx, id);
    return reference ? openAttachment(tx, staff, { requestId: id, attachmentId, reference }) : null;
  });
  if (!file?.content) return new Response(null, { status: 404 });
  return new Response(new Uint8Array(file.content), {
    headers: downloadHeaders(file.contentType, file.fileName),
  });
}
