import { getDb } from '@/db';
import { requireSubject } from '@/lib/auth/session';
import { downloadHeaders } from '@/lib/http/download';
import { isUuid } from '@/lib/ids';
import { findRepresentedAttachment } from '@/lib/requests/representatives';

/** A document or the answer of a request I filed as a representative; anything else is not found. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; attachmentId: string }> }) {
  const { id, attachmentId } = await params;
  const { subject } = await requireSubject();
  if (!subject || !isUuid(id) || !isUuid(attachmentId)) return new Response(null, { status: 404 });
  const file = await findRepresentedAttachment(getDb(), subject.id, id, attachmentId);
  if (!file?.content) return new Response(null, { status: 404 });
  return new Response(new Uint8Array(file.content), { headers: downloadHeaders(file.contentType, file.fileName) });
}
