import { getDb } from '@/db';
import { findOperatorProfile } from '@/db/queries/operator';
import { recordAudit } from '@/lib/audit/record';
import { requireStaff } from '@/lib/auth/session';
import { downloadHeaders } from '@/lib/http/download';
import { isUuid } from '@/lib/ids';
import { findLetter } from '@/lib/letters/letters';
import { renderLetterPdf } from '@/lib/pdf/letter';

/** A letter to post, as a PDF in the subject's language; staff opening it is in the subject's activity. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const staff = await requireStaff('letters.view');
  if (!isUuid(id)) return new Response(null, { status: 404 });
  const db = getDb();
  const [letter, operator] = await Promise.all([findLetter(db, id), findOperatorProfile(db)]);
  if (!letter) return new Response(null, { status: 404 });
  const pdf = await renderLetterPdf(letter, operator);
  await db.transaction((tx) =>
    recordAudit(tx, {
      actor: staff,
      action: 'data_viewed',
      subjectId: letter.subjectId,
      entityType: 'letter',
      entityId: letter.id,
      details: { kind: letter.kind },
    }),
  );
  return new Response(new Uint8Array(pdf), {
    headers: downloadHeaders('application/pdf', `letter-${letter.reference ?? letter.id.slice(0, 8)}.pdf`),
  });
}
