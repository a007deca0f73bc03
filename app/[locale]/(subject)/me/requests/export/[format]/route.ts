import { getDb } from '@/db';
import { requireSubject } from '@/lib/auth/session';
import { subjectRequestsDownload } from '@/lib/requests/download';

/** All my requests with their timelines and messages (lib/requests/download.ts): the route takes no id. */
export async function GET(_request: Request, { params }: { params: Promise<{ locale: string; format: string }> }) {
  const { locale, format } = await params;
  const { user, subject } = await requireSubject();
  if (!subject) return new Response(null, { status: 404 });
  return subjectRequestsDownload(getDb(), { userId: user.id, subjectId: subject.id, locale, format });
}
