'use server';

import { getLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { redirect } from '@/i18n/navigation';
import { endAllSessions } from '@/lib/auth/second-factor';
import { requireStaff } from '@/lib/auth/session';

/** Ends every session of the staff member, this one too: they sign in again from the start. */
export async function endAllSessionsAction(): Promise<void> {
  const user = await requireStaff('backoffice.enter');
  await getDb().transaction((tx) => endAllSessions(tx, user));
  return redirect({ href: '/sign-in', locale: await getLocale() });
}
