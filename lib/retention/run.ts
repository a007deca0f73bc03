import { and, eq, inArray, isNotNull, isNull, lte, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { findOperatorProfile } from '@/db/queries/operator';
import { transactionWithRetries } from '@/db/retry';
import { destructionCandidates } from '@/db/schema/compliance';
import { consents } from '@/db/schema/consents';
import { purposes } from '@/db/schema/inventory';
import { dataItemPurposes, dataItems, subjects } from '@/db/schema/subjects';
import { recordAudit, systemActor } from '@/lib/audit/record';
import { authorize } from '@/lib/auth/authorize';
import { recordConsentEvent } from '@/lib/consents/records';
import { blockItems, destroyItems, endProcessingOnConsent } from '@/lib/data-items/changes';
import { DomainError, type StaffRefusal } from '@/lib/errors';
import { recordEvent } from '@/lib/events/record';
import { retentionEndsAt } from '@/lib/retention';

/**
 * The daily retention run (Art. 12(2), 18; Art. 25(2)(4): destroy data once the purpose is achieved).
 * 1. Consents past their term expire (Art. 8(5)); purposes that rested on them end.
 * 2. Each purpose's hold on an item ends when its retention period has elapsed.
 * 3. Items whose purposes have all ended go on the destruction list, which the subject sees.
 * 4. If the operator chose so, they are destroyed at once; otherwise the dpo decides.
 */
export type RetentionResult = { expired: number; ended: number; listed: number; destroyed: number };

export async function runRetention(db: Db, now = new Date()): Promise<RetentionResult> {
  // Run again when PostgreSQL undoes it as a deadlock with an execution changing the same subject.
  return transactionWithRetries(db, async (tx) => {
    const result: RetentionResult = { expired: 0, ended: 0, listed: 0, destroyed: 0 };

    const overdue = await tx
      .update(consents)
      .set({ state: 'expired', expiredAt: now })
      .where(and(eq(consents.state, 'active'), isNotNull(consents.validUntil), lte(consents.validUntil, now)))
      .returning({ id: consents.id, subjectId: consents.subjectId });
    for (const consent of overdue) {
      await recordConsentEvent(tx, { consentId: consent.id, event: 'expired', actor: systemActor, at: now });
      await recordAudit(tx, {
        actor: systemActor,
        action: 'consent_expired',
        subjectId: consent.subjectId,
        entityType: 'consent',
        entityId: consent.id,
      });
      // The same effect as a withdrawal: the processing that rested on the consent stops.
      await endProcessingOnConsent(tx, consent, { staff: systemActor, reference: 'retention' });
      await recordEvent(tx, {
        type: 'consent.expired',
        subjectId: consent.subjectId,
        payload: { consentId: consent.id },
      });
    }
    result.expired = overdue.length;

    // Retention periods that have run out, per item and purpose.
    const links = await tx
      .select({
        dataItemId: dataItemPurposes.dataItemId,
        purposeId: dataItemPurposes.purposeId,
        collectedAt: dataItems.collectedAt,
        subjectId: dataItems.subjectId,
        relationshipEndedAt: subjects.relationshipEndedAt,
        retentionKind: purposes.retentionKind,
        retentionMonths: purposes.retentionMonths,
        retentionFrom: purposes.retentionFrom,
        consentEndedAt: sql<Date | null>`(
          select coalesce(max(c.withdrawn_at), max(c.expired_at)) from consents c
          join consent_purposes cp on cp.consent_id = c.id
          where c.subject_id = ${dataItems.subjectId} and cp.purpose_id = ${purposes.id} and c.state <> 'active')`,
      })
      .from(dataItemPurposes)
      .innerJoin(dataItems, eq(dataItems.id, dataItemPurposes.dataItemId))
      .innerJoin(subjects, eq(subjects.id, dataItems.subjectId))
      .innerJoin(purposes, eq(purposes.id, dataItemPurposes.purposeId))
      .where(
        and(
          isNull(dataItemPurposes.endedAt),
          ne(dataItems.state, 'destroyed'),
          eq(purposes.retentionKind, 'period_after_event'),
        ),
      );
    for (const link of links) {
      const end = retentionEndsAt(link, {
        collectedAt: link.collectedAt,
        relationshipEndedAt: link.relationshipEndedAt,
        consentEndedAt: link.consentEndedAt ? new Date(link.consentEndedAt) : null,
      });
      if (!end || end > now) continue;
      await tx
        .update(dataItemPurposes)
        .set({ endedAt: end })
        .where(and(eq(dataItemPurposes.dataItemId, link.dataItemId), eq(dataItemPurposes.purposeId, link.purposeId)));
      result.ended++;
    }

    // Items left with no purpose at all, not yet on the list.
    const orphans = await tx
      .select({ id: dataItems.id, subjectId: dataItems.subjectId })
      .from(dataItems)
      .where(
        and(
          ne(dataItems.state, 'destroyed'),
          sql`exists (select 1 from data_item_purposes p where p.data_item_id = ${dataItems.id})`,
          sql`not exists (select 1 from data_item_purposes p where p.data_item_id = ${dataItems.id} and p.ended_at is null)`,
          sql`not exists (select 1 from destruction_candidates d where d.data_item_id = ${dataItems.id})`,
        ),
      );
    if (orphans.length === 0) return result;
    // A second run at the same moment lists nothing twice: the list holds an item once.
    const listed = await tx
      .insert(destructionCandidates)
      .values(orphans.map((o) => ({ dataItemId: o.id, subjectId: o.subjectId, reason: 'purposes_ended' })))
      .onConflictDoNothing({ target: destructionCandidates.dataItemId })
      .returning({ id: destructionCandidates.dataItemId, subjectId: destructionCandidates.subjectId });
    for (const orphan of listed) {
      await recordAudit(tx, {
        actor: systemActor,
        action: 'destruction_listed',
        subjectId: orphan.subjectId,
        entityType: 'data_item',
        entityId: orphan.id,
      });
    }
    result.listed = listed.length;

    if (listed.length && (await findOperatorProfile(tx))?.autoDestroyExpired) {
      for (const orphan of listed)
        await destroyItems(tx, orphan.subjectId, [orphan.id], { staff: systemActor, reference: 'retention' });
      await tx
        .update(destructionCandidates)
        .set({ decidedAt: now, decision: 'destroyed' })
        .where(
          inArray(
            destructionCandidates.dataItemId,
            listed.map((o) => o.id),
          ),
        );
      result.destroyed = listed.length;
    }
    return result;
  });
}

/**
 * The dpo's decision on a listed item: destroy it, or keep it, blocked, where a law requires it
 * to be kept (Digital Code Art. 41(3): restrict access and suspend processing instead).
 */
export async function decideDestruction(
  tx: Tx,
  user: Parameters<typeof authorize>[0],
  input: { candidateId: string; decision: 'destroy' | 'keep'; keepReason?: string },
) {
  const staff = authorize(user, 'retention.confirm');
  const [candidate] = await tx
    .select()
    .from(destructionCandidates)
    .where(eq(destructionCandidates.id, input.candidateId))
    .for('update');
  if (!candidate) throw new DomainError<StaffRefusal>('notFound');
  if (candidate.decidedAt) throw new DomainError<StaffRefusal>('stale');
  const keepReason = input.keepReason?.trim();
  if (input.decision === 'keep' && !keepReason) throw new DomainError<StaffRefusal>('invalid');
  const why = { staff, reference: 'retention' };
  if (input.decision === 'destroy') {
    await destroyItems(tx, candidate.subjectId, [candidate.dataItemId], why);
  } else {
    await blockItems(tx, candidate.subjectId, [candidate.dataItemId], { ...why, reference: keepReason! });
  }
  await tx
    .update(destructionCandidates)
    .set({
      decidedAt: new Date(),
      decidedById: staff.id,
      decision: input.decision === 'destroy' ? 'destroyed' : 'kept',
      keepReason: keepReason ?? null,
    })
    .where(eq(destructionCandidates.id, candidate.id));
}
