import { getDb } from '@/db';
import { requireSubject } from '@/lib/auth/session';
import { subjectRequestsDownload } from '@/lib/requests/download';

/** One of my requests with its timeline and messages (lib/requests/download.ts); someone else's is not found. */
export async function GET(
  _request: Request,
  { params }: { params: Promise<{ locale: string; id: string; format: string }> },
) {
  const { locale, id, format } = await params;
  const { user, subject } = await requireSubject();
  if (!subject) return new Response(null, { status: 404 });
  return subjectRequestsDownload(getDb(), { userId: user.id, subjectId: subject.id, locale, format, requestId: id });
}
