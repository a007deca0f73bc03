import { getDb } from '@/db';
import { findIncident } from '@/db/queries/incidents';
import { findOperatorProfile } from '@/db/queries/operator';
import { requireStaff } from '@/lib/auth/session';
import { isUuid } from '@/lib/ids';
import { renderBreachNoticePdf } from '@/lib/pdf/breach-notice';

/** The notice to the authorized body, in Kazakh or Russian, as a PDF. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; lang: string }> }) {
  const { id, lang } = await params;
  await requireStaff('incidents.manage');
  if (!isUuid(id) || (lang !== 'kk' && lang !== 'ru')) return new Response(null, { status: 404 });
  const db = getDb();
  const [incident, operator] = await Promise.all([findIncident(db, id), findOperatorProfile(db)]);
  if (!incident || !operator) return new Response(null, { status: 404 });
  const pdf = await renderBreachNoticePdf(incident, operator, lang);
  return new Response(new Uint8Array(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="breach-notice-${lang}.pdf"`,
      'cache-control': 'no-store',
    },
  });
}
