import 'server-only';
import { getLocale, getTranslations } from 'next-intl/server';
import { revalidatePath } from 'next/cache';
import type { FormState } from '@/lib/actions/form-state';
import { getDb, type Tx } from '@/db';
import type { Permission } from '@/lib/auth/permissions';
import { requireStaff, type StaffUser } from '@/lib/auth/session';
import { redirect } from '@/i18n/navigation';
import { localePath } from '@/i18n/paths';
import { isDomainError } from '@/lib/errors';
import { requestLogger } from '@/lib/request-log';
import type { StaffRefusal } from '@/lib/errors';

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
  let refusal: StaffRefusal | null = null;
  try {
    await getDb().transaction((tx) => work(tx, staff));
  } catch (error) {
    if (!isDomainError(error)) {
      (await requestLogger('action')).error({ err: error }, 'a back-office action failed');
      return { status: 'error', message: t('errors.generic') };
    }
    refusal = error.code as StaffRefusal;
  }
  revalidatePath(localePath(locale, revalidate));
  // Someone else changed the request meanwhile: show it as it is now, with the reason on top
  // (the form that was sent may no longer exist on the fresh page).
  if (refusal === 'stale' || refusal === 'notOpen')
    return redirect({ href: `${revalidate}?notice=${refusal}`, locale });
  return refusal ? { status: 'error', message: t(`errors.${refusal}`) } : { status: 'success', message: done };
}
