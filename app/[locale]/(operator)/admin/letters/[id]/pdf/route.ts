import { eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { listSubjectConsents } from '@/db/queries/consents';
import { findOperatorProfile } from '@/db/queries/operator';
import { requests } from '@/db/schema/requests';
import { recordAudit } from '@/lib/audit/record';
import { requireStaff } from '@/lib/auth/session';
import { downloadHeaders } from '@/lib/http/download';
import { isUuid } from '@/lib/ids';
import { findLetter } from '@/lib/letters/letters';
import { findMyDataReport } from '@/lib/my-data/report';
import { renderLetterPdf } from '@/lib/pdf/letter';

/** A letter to post, as a PDF in the subject's language; staff opening it is in the subject's activity. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const staff = await requireStaff('letters.view');
  if (!isUuid(id)) return new Response(null, { status: 404 });
  const db = getDb();
  const [letter, operator] = await Promise.all([findLetter(db, id), findOperatorProfile(db)]);
  if (!letter) return new Response(null, { status: 404 });
  const pdf = await renderLetterPdf(letter, operator, await statementFor(db, letter));
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

/** The answer to an ACCESS request is posted with the statement of the subject's data, as it stands. */
async function statementFor(
  db: ReturnType<typeof getDb>,
  letter: { kind: string; requestId: string | null; subjectId: string },
) {
  if (letter.kind !== 'request_executed' || !letter.requestId) return null;
  const [request] = await db.select({ type: requests.type }).from(requests).where(eq(requests.id, letter.requestId));
  if (request?.type !== 'ACCESS') return null;
  const [report, consents] = await Promise.all([
    findMyDataReport(db, letter.subjectId),
    listSubjectConsents(db, letter.subjectId),
  ]);
  return report ? { report, consents } : null;
}
