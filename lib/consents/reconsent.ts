import { and, eq, inArray, isNotNull, ne } from 'drizzle-orm';
import type { Tx } from '@/db';
import { consentCategories, consentPurposes, consents } from '@/db/schema/consents';
import { purposeCategories, purposeRecipients, recipients } from '@/db/schema/inventory';
import type { Locale } from '@/db/schema/subjects';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { DomainError } from '@/lib/errors';
import { recordConsentEvent } from './records';

/**
 * The subject agrees to a consent's widened terms (lib/inventory/approve.ts flags it when a
 * recipient or data were added to its purposes, Art. 8(4)): the consent now covers every category
 * its purposes use, says whether data go to third parties or abroad as the purposes' recipients
 * do, and its record of being given again carries the content and notice version the subject read.
 */
export async function acceptWidenedConsent(
  tx: Tx,
  input: { subjectId: string; consentId: string; actor: Actor; locale: Locale },
): Promise<void> {
  const [consent] = await tx
    .select({ id: consents.id })
    .from(consents)
    .where(
      and(
        eq(consents.id, input.consentId),
        eq(consents.subjectId, input.subjectId),
        eq(consents.state, 'active'),
        isNotNull(consents.reconsentVersion),
      ),
    )
    .for('update');
  if (!consent) throw new DomainError('notFound');
  const purposeIds = (
    await tx
      .select({ id: consentPurposes.purposeId })
      .from(consentPurposes)
      .where(eq(consentPurposes.consentId, consent.id))
  ).map((p) => p.id);
  const categoryIds = (
    await tx
      .selectDistinct({ id: purposeCategories.categoryId })
      .from(purposeCategories)
      .where(inArray(purposeCategories.purposeId, purposeIds))
  ).map((c) => c.id);
  if (categoryIds.length > 0)
    await tx
      .insert(consentCategories)
      .values(categoryIds.map((categoryId) => ({ consentId: consent.id, categoryId })))
      .onConflictDoNothing();
  const linked = await tx
    .select({ country: recipients.country })
    .from(purposeRecipients)
    .innerJoin(recipients, eq(recipients.id, purposeRecipients.recipientId))
    .where(inArray(purposeRecipients.purposeId, purposeIds));
  await tx
    .update(consents)
    .set({
      reconsentVersion: null,
      thirdPartyTransfer: linked.length > 0,
      crossBorderTransfer: linked.some((r) => r.country !== 'KZ'),
    })
    .where(and(eq(consents.id, consent.id), ne(consents.state, 'withdrawn')));
  await recordConsentEvent(tx, {
    consentId: consent.id,
    event: 'given',
    actor: input.actor,
    channel: 'portal',
    locale: input.locale,
  });
  await recordAudit(tx, {
    actor: input.actor,
    action: 'consent_given',
    subjectId: input.subjectId,
    entityType: 'consent',
    entityId: consent.id,
    details: { reconsent: true },
  });
}
