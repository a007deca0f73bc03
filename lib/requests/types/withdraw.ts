import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { consents } from '@/db/schema/consents';
import { requestConsents } from '@/db/schema/requests';
import { recordAudit } from '@/lib/audit/record';
import { recordConsentEvent } from '@/lib/consents/records';
import { requestConsentWithdrawal } from '@/lib/consents/withdraw';
import { endProcessingOnConsent } from '@/lib/data-items/changes';
import { recordEvent } from '@/lib/events/record';
import { defineRequestType } from './definition';

/**
 * WITHDRAW, Art. 24(1)(5), 8(2), 8(7): withdraw a consent, unless a law or an unfulfilled obligation
 * locks it (Art. 8(2)). Executing it withdraws the consent and stops the processing that rested on
 * it (lib/data-items/changes.ts, endProcessingOnConsent).
 */
export const withdraw = defineRequestType({
  type: 'WITHDRAW',
  slug: 'withdraw',
  articles: 'Art. 24(1)(5), 8(2), 8(7)',
  deadline: 'WITHDRAW',
  scope: 'consent',
  showsProposedValues: false,
  fields: [{ kind: 'consent' }],
  schema: () => z.object({ consentId: z.uuid('pickConsent') }),
  file: ({ tx, common }, input) => requestConsentWithdrawal(tx, { ...common, consentId: input.consentId }),
  panel: () => ({ help: 'WITHDRAW', outcomeRequired: false, buttons: [{ decision: null, label: 'execute' }] }),
  async execute({ tx, request, staff, why, complete }) {
    const links = await tx
      .select({ consentId: requestConsents.consentId })
      .from(requestConsents)
      .where(eq(requestConsents.requestId, request.id));
    for (const { consentId } of links) {
      const [consent] = await tx
        .select()
        .from(consents)
        .where(and(eq(consents.id, consentId), eq(consents.subjectId, request.subjectId)))
        .for('update');
      if (!consent || consent.state !== 'active') continue;
      await tx.update(consents).set({ state: 'withdrawn', withdrawnAt: new Date() }).where(eq(consents.id, consent.id));
      await recordConsentEvent(tx, {
        consentId: consent.id,
        event: 'withdrawn',
        actor: staff,
        channel: request.channel,
      });
      await recordAudit(tx, {
        actor: staff,
        action: 'consent_withdrawn',
        subjectId: request.subjectId,
        entityType: 'consent',
        entityId: consent.id,
        reason: request.reference,
      });
      await endProcessingOnConsent(tx, consent, why);
      await recordEvent(tx, {
        type: 'consent.withdrawn',
        subjectId: request.subjectId,
        payload: { consentId: consent.id, requestReference: request.reference },
      });
    }
    await complete();
  },
});
