import { hasLocale } from 'next-intl';
import { getDb } from '@/db';
import { findSubjectConsent } from '@/db/queries/consents';
import { findOperatorProfile } from '@/db/queries/operator';
import { routing } from '@/i18n/routing';
import { recordAudit } from '@/lib/audit/record';
import { requireSubject } from '@/lib/auth/session';
import { isUuid } from '@/lib/ids';
import { renderConsentReceiptPdf } from '@/lib/pdf/consent';
import { downloadHeaders } from '@/lib/http/download';

/** A receipt for one of my consents (Art. 25(2)(5)); another subject's consent is not found. */
export async function GET(_request: Request, { params }: { params: Promise<{ locale: string; id: string }> }) {
  const { locale, id } = await params;
  const { user, subject } = await requireSubject();
  if (!hasLocale(routing.locales, locale) || !subject || !isUuid(id)) return new Response(null, { status: 404 });
  const db = getDb();
  const [consent, operator] = await Promise.all([findSubjectConsent(db, subject.id, id), findOperatorProfile(db)]);
  if (!consent || !operator) return new Response(null, { status: 404 });
  const pdf = await renderConsentReceiptPdf(consent, operator, locale);
  await db.transaction((tx) =>
    recordAudit(tx, {
      actor: { id: user.id, role: 'subject' },
      action: 'data_exported',
      subjectId: subject.id,
      entityType: 'consent',
      entityId: consent.id,
      details: { format: 'consent_receipt', locale },
    }),
  );
  return new Response(new Uint8Array(pdf), {
    headers: downloadHeaders('application/pdf', `consent-${consent.id.slice(0, 8)}.pdf`),
  });
}
