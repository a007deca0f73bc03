import { eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { consents } from '@/db/schema/consents';
import type { Locale } from '@/db/schema/subjects';
import type { AuditInput } from '@/lib/audit/record';
import { consentRecordJsonLd } from '@/lib/consents/jsonld';
import { listConsentRecords } from '@/lib/consents/records';
import { env } from '@/lib/env';
import { privacyNoticeJsonLd } from '@/lib/privacy-notice/jsonld';
import { currentNoticeVersion } from '@/lib/privacy-notice/versions';
import { ApiProblem } from './problems';

type Audit = (events: Omit<AuditInput, 'actor'>[]) => Promise<void>;

/**
 * GET /consents/{id}/record: the consent's ISO/IEC TS 27560 record in JSON-LD, every past event
 * included, the same document the subject downloads (lib/consents/jsonld.ts). A view of the
 * subject's data (Art. 8-2).
 */
export async function consentRecord(tx: Tx, id: string, locale: Locale | undefined, audit: Audit) {
  const [consent] = await tx.select({ subjectId: consents.subjectId }).from(consents).where(eq(consents.id, id));
  const history = consent ? await listConsentRecords(tx, consent.subjectId, id) : [];
  if (!consent || history.length === 0) throw new ApiProblem('not-found', 'No consent has this id.');
  await audit([
    {
      action: 'data_viewed',
      subjectId: consent.subjectId,
      entityType: 'consent',
      entityId: id,
      details: { format: 'consent_record_jsonld' },
    },
  ]);
  return consentRecordJsonLd(history, { origin: env().AUTH_URL, locale: locale ?? (history.at(-1)!.locale as Locale) });
}

/** GET /privacy-notice: the version in force, as JSON-LD in DPV terms; open to anyone. */
export async function privacyNotice(tx: Tx, locale: Locale | undefined) {
  const notice = await currentNoticeVersion(tx);
  if (!notice) throw new ApiProblem('not-found', 'No privacy notice has been approved yet.');
  return privacyNoticeJsonLd(notice, { origin: env().AUTH_URL, locale: locale ?? 'kk' });
}
