import { getLocale } from 'next-intl/server';
import { getTranslations } from '@/i18n/server';
import { Suspense } from 'react';
import { Link } from '@/i18n/link';
import { routing } from '@/i18n/routing';
import { signOutAction } from '@/lib/auth/actions';
import { isStaffRole } from '@/lib/auth/permissions';
import { getSessionUser } from '@/lib/auth/session';
import { isDemo } from '@/lib/env';
import { LocaleSwitcher } from './locale-switcher';

export async function SiteHeader() {
  // Above every error boundary: a failing session lookup shows the header signed out, and the
  // page's own error boundary reports the failure.
  const [t, tl, user, locale] = await Promise.all([
    getTranslations('common'),
    getTranslations('locales'),
    getSessionUser().catch(() => null),
    getLocale(),
  ]);
  const names = Object.fromEntries(routing.locales.map((l) => [l, tl(l)]));
  return (
    <header data-site-header className="border-b border-slate-200 bg-white">
      {isDemo() && (
        <p className="bg-amber-100 px-4 py-1.5 text-center text-sm text-amber-900">
          {t.rich('demoMode', { link: (text) => <Link href="/demo-mailbox">{text}</Link> })}
        </p>
      )}
      <div className="site-header-bar">
        <Link href="/" className="text-xl font-bold text-brand-800 no-underline">
          {t('appName')}
        </Link>
        <div className="site-header-end">
          <nav aria-label={t('mainNavigation')} className="site-header-nav">
            {user?.role === 'subject' && <Link href="/me">{t('myData')}</Link>}
            {isStaffRole(user?.role) && <Link href="/admin">{t('backOffice')}</Link>}
            {user ? (
              <form action={signOutAction} className="flex items-center gap-2">
                <span className="hidden text-slate-500 sm:inline">{t('signedInAs', { email: user.email })}</span>
                <button type="submit" className="btn-secondary py-1">
                  {t('signOut')}
                </button>
              </form>
            ) : (
              <Link href="/sign-in" className="btn-primary py-1.5">
                {t('signIn')}
              </Link>
            )}
          </nav>
          <Suspense>
            <LocaleSwitcher locale={locale} label={t('language')} names={names} />
          </Suspense>
        </div>
      </div>
    </header>
  );
}
