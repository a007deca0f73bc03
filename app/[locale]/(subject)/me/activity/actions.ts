'use server';

import { eq } from 'drizzle-orm';
import { getLocale, getTranslations } from 'next-intl/server';
import { revalidatePath } from 'next/cache';
import type { FormState } from '@/lib/actions/form-state';
import { getDb } from '@/db';
import { subjects } from '@/db/schema/subjects';
import { requireSubject } from '@/lib/auth/session';
import { localePath } from '@/i18n/paths';

/** Turn the activity e-mails on or off (Art. 8-2: notices are the subject's to receive or not). */
export async function setActivityEmailsAction(_state: FormState, data: FormData): Promise<FormState> {
  const { subject } = await requireSubject();
  const [locale, t] = await Promise.all([getLocale(), getTranslations('activity')]);
  if (!subject) return { status: 'error', message: (await getTranslations('requests.errors'))('notFound') };
  await getDb()
    .update(subjects)
    .set({ notifyActivity: data.get('notify') === 'on', updatedAt: new Date() })
    .where(eq(subjects.id, subject.id));
  revalidatePath(localePath(locale, '/me/activity'));
  return { status: 'success', message: t('saved') };
}
