import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { redirect } from '@/i18n/navigation';
import { isStaffRole } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';

type Props = { params: Promise<{ locale: Locale }> };

/** Where a sign-in link leads when no page was asked for: each role to its own area. */
export default async function SignedInPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requireUser();
  return redirect({ href: isStaffRole(user.role) ? '/admin' : '/me', locale });
}
