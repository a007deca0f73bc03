'use server';

import { getLocale } from 'next-intl/server';
import { z } from 'zod';
import { id, idempotencyKey, NOT_FOUND } from '@/lib/actions/form-data';
import type { FormState } from '@/lib/actions/form-state';
import { runAction, subjectZone } from '@/lib/actions/pipeline';
import { givePublicationConsent, refusePublicationConsent } from '@/lib/consents/public-sources';
import { acceptWidenedConsent } from '@/lib/consents/reconsent';
import { requestConsentWithdrawal } from '@/lib/consents/withdraw';
import { limits } from '@/lib/rate-limit';

const withdrawal = z.object({ consentId: id, idempotencyKey });

/** Withdraw a consent: files a WITHDRAW request and opens it. */
export async function withdrawConsentAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: subjectZone('consents'),
    schema: withdrawal,
    limit: ({ subject }) => [limits.filingPerSubject, subject.id],
    work: (tx, input, { subject, actor }) => requestConsentWithdrawal(tx, { ...input, subjectId: subject.id, actor }),
    // Opens on the "registered" notice, as the request forms do.
    done: (_t, filed) => ({ redirect: `/me/requests/${filed.id}?filed=1` }),
  });
}

// Art. 8(4): the subject agrees only after reading the consent's content, and says so explicitly.
const publication = z
  .object({
    purposeId: id,
    decision: z.enum(['give', 'refuse'], { error: NOT_FOUND }),
    confirm: z.literal('yes').optional().catch(undefined),
  })
  .refine((form) => form.decision === 'refuse' || form.confirm === 'yes', {
    message: 'consents.publicContent.confirmRequired',
    path: ['confirm'],
  });

/** Art. 24(1)(6): give or refuse consent to publication in publicly available sources. */
export async function decidePublicationAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: subjectZone('consents'),
    schema: publication,
    work: async (tx, { purposeId, decision }, { subject, actor }) => {
      // The consent's evidence is written in the language the subject read it in.
      const input = { subjectId: subject.id, purposeId, actor, locale: await getLocale() };
      if (decision === 'give') await givePublicationConsent(tx, input);
      else await refusePublicationConsent(tx, input);
    },
    page: () => '/me/consents',
    done: (t, _result, { decision }) =>
      t(decision === 'give' ? 'consents.publicGivenNotice' : 'consents.publicRefusedNotice'),
  });
}

// Art. 8(4): the subject agrees to the widened terms only after reading them, and says so.
const widened = z.object({
  consentId: id,
  confirm: z.literal('yes', { error: 'consents.publicContent.confirmRequired' }),
});

/** The subject consents again after the operator added recipients or data to the consent's purposes. */
export async function acceptWidenedConsentAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: subjectZone('consents'),
    schema: widened,
    work: async (tx, { consentId }, { subject, actor }) =>
      acceptWidenedConsent(tx, { subjectId: subject.id, consentId, actor, locale: await getLocale() }),
    page: () => '/me/consents',
    done: (t) => t('consents.reconsent.accepted'),
  });
}
