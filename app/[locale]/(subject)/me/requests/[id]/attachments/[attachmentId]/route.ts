import { getDb } from '@/db';
import { findSubjectAttachment } from '@/db/queries/subject-requests';
import { requireSubject } from '@/lib/auth/session';
import { isUuid } from '@/lib/ids';
import { downloadHeaders } from '@/lib/http/download';

/** A document of my own request; someone else's, or an erased one, is not found. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; attachmentId: string }> }) {
  const { id, attachmentId } = await params;
  const { subject } = await requireSubject();
  if (!subject || !isUuid(id) || !isUuid(attachmentId)) return new Response(null, { status: 404 });
  const file = await findSubjectAttachment(getDb(), subject.id, id, attachmentId);
  if (!file?.content) return new Response(null, { status: 404 });
  return new Response(new Uint8Array(file.content), {
    headers: downloadHeaders(file.contentType, file.fileName),
  });
}
