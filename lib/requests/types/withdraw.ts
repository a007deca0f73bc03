import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '@/db';
import { consents, type Consent } from '@/db/schema/consents';
import { requestConsents } from '@/db/schema/requests';
import { subjects } from '@/db/schema/subjects';
import { refusalTemplates } from '@/lib/backoffice/refusal-templates';
import { requestConsentWithdrawal, withdrawConsent } from '@/lib/consents/withdraw';
import type { StoppedProcessing } from '@/lib/data-items/changes';
import { defineRequestType, type Refusal } from './definition';
import { describeStoppedProcessing } from './stopped-answer';

/**
 * WITHDRAW, Art. 24(1)(5), 8(2), 8(7): withdraw a consent, unless a law or an unfulfilled obligation
 * locks it (Art. 8(2)). Executing it withdraws the consent and stops the processing on every purpose
 * that rested on it (lib/consents/withdraw.ts, withdrawConsent); the answer names what stopped and
 * what is kept on another ground. A lock found at execution gives a reasoned refusal instead.
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
  async execute({ tx, request, why, complete, refuse }) {
    const links = await tx
      .select({ consentId: requestConsents.consentId })
      .from(requestConsents)
      .where(eq(requestConsents.requestId, request.id));
    const stopped: StoppedProcessing = { purposeIds: [], keptItemIds: [] };
    for (const { consentId } of links) {
      const [consent] = await tx
        .select()
        .from(consents)
        .where(and(eq(consents.id, consentId), eq(consents.subjectId, request.subjectId)))
        .for('update');
      if (!consent || consent.state !== 'active') continue;
      // Art. 8(2): a law or an unfulfilled obligation locks the withdrawal (it may have been set
      // after the request was filed): the answer is a reasoned refusal, never "completed".
      if (consent.withdrawalLock) {
        await refuse(await lockRefusal(tx, request.subjectId, consent));
        return;
      }
      const result = await withdrawConsent(tx, consent, why, request.channel);
      stopped.purposeIds.push(...result.purposeIds);
      stopped.keptItemIds.push(...result.keptItemIds);
    }
    await complete(undefined, await describeStoppedProcessing(tx, request.subjectId, stopped));
  },
});

/** The reasoned refusal for a locked consent, in the subject's language: the template and the lock's own reason. */
async function lockRefusal(tx: Tx, subjectId: string, consent: Consent): Promise<Refusal> {
  const [subject] = await tx.select({ locale: subjects.locale }).from(subjects).where(eq(subjects.id, subjectId));
  const locale = subject?.locale ?? 'kk';
  const reasonCode = consent.withdrawalLock === 'law' ? 'law_requires_processing' : 'unfulfilled_obligation';
  const template = refusalTemplates[reasonCode];
  return {
    reasonCode,
    legalBasis: template.legalBasis[locale],
    text: [template.text[locale], consent.withdrawalLockReason?.[locale]].filter(Boolean).join('\n\n'),
  };
}
