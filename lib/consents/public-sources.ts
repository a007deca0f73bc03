import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db';
import { findOperatorProfile } from '@/db/queries/operator';
import { consentCategories, consentPurposes, consents } from '@/db/schema/consents';
import { dataCategories, purposeCategories, purposes } from '@/db/schema/inventory';
import { dataItemPurposes, dataItems, subjects, type Locale } from '@/db/schema/subjects';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { DomainError } from '@/lib/errors';
import { appendConsentRecord, publicationConsentContent, recordConsentEvent } from '@/lib/consents/records';

/**
 * Art. 24(1)(6): the subject gives or refuses consent to the distribution of their data in
 * publicly available sources, for a purpose that publishes (Art. 6). Giving creates a consent
 * with its Art. 8(4) content and evidence; refusing is recorded as a consent record and in the audit log. Withdrawing a
 * consent already given goes through a WITHDRAW request like any other.
 */
async function findPublishingPurpose(tx: Tx, purposeId: string) {
  const [purpose] = await tx
    .select()
    .from(purposes)
    .where(and(eq(purposes.id, purposeId), eq(purposes.publishes, true)));
  if (!purpose) throw new DomainError('notFound');
  return purpose;
}

export async function givePublicationConsent(
  tx: Tx,
  input: { subjectId: string; purposeId: string; actor: Actor; locale: Locale },
) {
  const purpose = await findPublishingPurpose(tx, input.purposeId);
  const [subject] = await tx.select().from(subjects).where(eq(subjects.id, input.subjectId)).for('update');
  const operator = await findOperatorProfile(tx);
  if (!subject || !operator) throw new DomainError('notFound');

  const active = await tx
    .select({ id: consents.id })
    .from(consents)
    .innerJoin(consentPurposes, eq(consentPurposes.consentId, consents.id))
    .where(
      and(eq(consents.subjectId, subject.id), eq(consentPurposes.purposeId, purpose.id), eq(consents.state, 'active')),
    );
  if (active.length > 0) return active[0]!.id;

  const categories = await tx
    .select({ id: dataCategories.id, name: dataCategories.name })
    .from(purposeCategories)
    .innerJoin(dataCategories, eq(dataCategories.id, purposeCategories.categoryId))
    .where(eq(purposeCategories.purposeId, purpose.id));

  // Placeholder evidence: recordConsentEvent below replaces it by the content the subject was shown.
  const now = new Date();
  const evidence = `publication consent: ${purpose.code}`;
  const [consent] = await tx
    .insert(consents)
    .values({
      subjectId: subject.id,
      operatorName: operator.name,
      operatorBin: operator.bin,
      subjectName: subject.fullName ?? '—',
      validFrom: now,
      thirdPartyTransfer: false,
      crossBorderTransfer: false,
      publicSources: true,
      notifyOnTransfer: false,
      channel: 'portal',
      evidenceText: evidence,
      evidenceSha256: '0'.repeat(64),
      givenAt: now,
    })
    .returning({ id: consents.id });
  await tx.insert(consentPurposes).values({ consentId: consent!.id, purposeId: purpose.id });
  if (categories.length > 0) {
    await tx.insert(consentCategories).values(categories.map((c) => ({ consentId: consent!.id, categoryId: c.id })));
    // The subject's items in those categories now serve the purpose.
    const items = await tx
      .select({ id: dataItems.id })
      .from(dataItems)
      .where(
        and(
          eq(dataItems.subjectId, subject.id),
          eq(dataItems.state, 'active'),
          inArray(
            dataItems.categoryId,
            categories.map((c) => c.id),
          ),
        ),
      );
    if (items.length > 0) {
      await tx
        .insert(dataItemPurposes)
        .values(items.map((item) => ({ dataItemId: item.id, purposeId: purpose.id })))
        .onConflictDoUpdate({
          target: [dataItemPurposes.dataItemId, dataItemPurposes.purposeId],
          set: { endedAt: null },
        });
    }
  }
  await recordConsentEvent(tx, {
    consentId: consent!.id,
    event: 'publication_given',
    actor: input.actor,
    locale: input.locale,
    at: now,
  });
  await recordAudit(tx, {
    actor: input.actor,
    action: 'consent_given',
    subjectId: subject.id,
    entityType: 'consent',
    entityId: consent!.id,
    details: { purpose: purpose.code, purposeName: purpose.name, publicSources: true },
  });
  return consent!.id;
}

export async function refusePublicationConsent(
  tx: Tx,
  input: { subjectId: string; purposeId: string; actor: Actor; locale: Locale },
) {
  const purpose = await findPublishingPurpose(tx, input.purposeId);
  const now = new Date();
  // The refusal is evidence too (ISO/IEC TS 27560): what was asked, refused, in which language.
  await appendConsentRecord(tx, {
    event: 'publication_refused',
    subjectId: input.subjectId,
    consentId: null,
    content: await publicationConsentContent(tx, input.subjectId, purpose.id, now),
    actor: input.actor,
    channel: 'portal',
    locale: input.locale,
    at: now,
  });
  await recordAudit(tx, {
    actor: input.actor,
    action: 'consent_refused',
    subjectId: input.subjectId,
    entityType: 'purpose',
    entityId: purpose.id,
    details: { purpose: purpose.code, purposeName: purpose.name, publicSources: true },
  });
}
