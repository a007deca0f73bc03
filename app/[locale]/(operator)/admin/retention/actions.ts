'use server';

import { getLocale, getTranslations } from 'next-intl/server';
import { revalidatePath } from 'next/cache';
import type { FormState } from '@/lib/actions/form-state';
import { getDb } from '@/db';
import { requireStaff } from '@/lib/auth/session';
import { runStaffAction } from '@/lib/backoffice/run-action';
import { isUuid } from '@/lib/ids';
import { decideDestruction, runRetention } from '@/lib/retention/run';
import { localePath } from '@/i18n/paths';

/** The dpo runs the daily retention check now (it also runs by itself every day). */
export async function runRetentionAction(): Promise<FormState> {
  await requireStaff('retention.confirm');
  const [t, locale] = await Promise.all([getTranslations('compliance.retention'), getLocale()]);
  const result = await runRetention(getDb());
  revalidatePath(localePath(locale, '/admin/retention'));
  return { status: 'success', message: t('ran', result) };
}

export async function decideAction(_state: FormState, data: FormData): Promise<FormState> {
  const t = await getTranslations('compliance.retention');
  const candidateId = data.get('candidateId');
  const decision = data.get('decision') === 'keep' ? 'keep' : 'destroy';
  return runStaffAction(
    'retention.confirm',
    (tx, staff) =>
      decideDestruction(tx, staff, {
        candidateId: isUuid(candidateId) ? candidateId : '00000000-0000-0000-0000-000000000000',
        decision,
        keepReason: String(data.get('keepReason') ?? ''),
      }),
    t('done'),
    '/admin/retention',
  );
}
