import 'server-only';
import { getLocale, getTranslations } from 'next-intl/server';
import { revalidatePath } from 'next/cache';
import type { FormState } from '@/components/action-form';
import { getDb, type Tx } from '@/db';
import type { Permission } from '@/lib/auth/permissions';
import { requireStaff, type StaffUser } from '@/lib/auth/session';
import { isDomainError } from '@/lib/errors';
import type { StaffRefusal } from './request-state';

/**
 * How every back-office server action runs: the role is checked here (requireStaff) and again by
 * the function doing the work; the work is one transaction; the answer is in the page's language.
 */
export async function runStaffAction(
  permission: Permission,
  work: (tx: Tx, staff: StaffUser) => Promise<unknown>,
  done: string,
  revalidate: string,
): Promise<FormState> {
  const staff = await requireStaff(permission);
  const [locale, t] = await Promise.all([getLocale(), getTranslations('backoffice.request')]);
  try {
    await getDb().transaction((tx) => work(tx, staff));
    return { status: 'success', message: done };
  } catch (error) {
    if (isDomainError(error)) return { status: 'error', message: t(`errors.${error.code as StaffRefusal}`) };
    console.error('a back-office action failed', error);
    return { status: 'error', message: t('errors.generic') };
  } finally {
    // Success or "someone else changed it": either way the page must show the request as it is now.
    revalidatePath(`/${locale}${revalidate}`);
  }
}
