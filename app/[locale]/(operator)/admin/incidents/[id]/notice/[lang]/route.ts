import { getDb } from '@/db';
import { findIncident } from '@/db/queries/incidents';
import { findOperatorProfile } from '@/db/queries/operator';
import { recordAudit } from '@/lib/audit/record';
import { requireStaff } from '@/lib/auth/session';
import { isUuid } from '@/lib/ids';
import { renderBreachNoticePdf } from '@/lib/pdf/breach-notice';
import { downloadHeaders } from '@/lib/http/download';

/** The notice to the authorized body, in Kazakh or Russian, as a PDF; the download is audited. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; lang: string }> }) {
  const { id, lang } = await params;
  const staff = await requireStaff('incidents.view');
  if (!isUuid(id) || (lang !== 'kk' && lang !== 'ru')) return new Response(null, { status: 404 });
  const db = getDb();
  const [incident, operator] = await Promise.all([findIncident(db, id), findOperatorProfile(db)]);
  if (!incident || !operator) return new Response(null, { status: 404 });
  const pdf = await renderBreachNoticePdf(incident, operator, lang);
  // The notice names each affected subject: like every export of their data, each one sees it.
  await db.transaction(async (tx) => {
    for (const subject of incident.affected) {
      await recordAudit(tx, {
        actor: staff,
        action: 'data_exported',
        subjectId: subject.id,
        entityType: 'incident',
        entityId: incident.id,
        details: { format: 'breach_notice', lang },
      });
    }
  });
  return new Response(new Uint8Array(pdf), {
    headers: downloadHeaders('application/pdf', `breach-notice-${lang}.pdf`),
  });
}
