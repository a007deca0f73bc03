'use server';

import { getLocale, getTranslations } from 'next-intl/server';
import { revalidatePath } from 'next/cache';
import { getDb } from '@/db';
import { redirect } from '@/i18n/navigation';
import type { FormState } from '@/lib/actions/form-state';
import { requireSubject } from '@/lib/auth/session';
import { givePublicationConsent, refusePublicationConsent } from '@/lib/consents/public-sources';
import { requestConsentWithdrawal, type WithdrawRefusal } from '@/lib/consents/withdraw';
import { isDomainError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { localePath } from '@/i18n/paths';
import { requestLogger } from '@/lib/request-log';

/** Withdraw a consent: files a WITHDRAW request and opens it. */
export async function withdrawConsentAction(_state: FormState, data: FormData): Promise<FormState> {
  const { user, subject } = await requireSubject();
  const [locale, t] = await Promise.all([getLocale(), getTranslations('consents.errors')]);
  const consentId = data.get('consentId');
  const key = data.get('idempotencyKey');
  if (!subject || !isUuid(consentId)) return { status: 'error', message: t('notFound') };
  let requestId: string;
  try {
    const filed = await getDb().transaction((tx) =>
      requestConsentWithdrawal(tx, {
        subjectId: subject.id,
        consentId,
        actor: { id: user.id, role: 'subject' },
        idempotencyKey: isUuid(key) ? key : null,
      }),
    );
    requestId = filed.id;
  } catch (error) {
    if (isDomainError(error)) return { status: 'error', message: t(error.code as WithdrawRefusal) };
    (await requestLogger('action')).error({ err: error }, 'withdrawing a consent failed');
    return { status: 'error', message: t('generic') };
  }
  return redirect({ href: `/me/requests/${requestId}`, locale });
}

/** Art. 24(1)(6): give or refuse consent to publication in publicly available sources. */
export async function decidePublicationAction(_state: FormState, data: FormData): Promise<FormState> {
  const { user, subject } = await requireSubject();
  const [locale, t] = await Promise.all([getLocale(), getTranslations('consents')]);
  const purposeId = data.get('purposeId');
  const decision = data.get('decision');
  if (!subject || !isUuid(purposeId) || (decision !== 'give' && decision !== 'refuse')) {
    return { status: 'error', message: t('errors.notFound') };
  }
  const input = { subjectId: subject.id, purposeId, actor: { id: user.id, role: 'subject' as const }, locale };
  try {
    await getDb().transaction(async (tx) => {
      if (decision === 'give') await givePublicationConsent(tx, input);
      else await refusePublicationConsent(tx, input);
    });
  } catch (error) {
    if (isDomainError(error)) return { status: 'error', message: t('errors.notFound') };
    (await requestLogger('action')).error({ err: error }, 'recording a publication decision failed');
    return { status: 'error', message: t('errors.generic') };
  }
  revalidatePath(localePath(locale, '/me/consents'));
  return { status: 'success', message: t(decision === 'give' ? 'publicGivenNotice' : 'publicRefusedNotice') };
}
