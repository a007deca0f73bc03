import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { findCalendarHorizon } from '@/lib/deadlines/horizon';
import { can } from '@/lib/auth/permissions';
import { getSessionUser } from '@/lib/auth/session';
import { AreaNav } from '@/components/area-nav';
import { localePath } from '@/i18n/paths';

/** The back office's navigation shows what the role may open; each page checks again itself. */
export default async function BackOfficeLayout({ children }: { children: React.ReactNode }) {
  const [t, user, locale] = await Promise.all([getTranslations('backoffice.nav'), getSessionUser(), getLocale()]);
  const links = [
    { href: '/admin', label: t('overview'), allowed: can(user?.role, 'backoffice.enter') },
    { href: '/admin/requests', label: t('queue'), allowed: can(user?.role, 'requests.view') },
    { href: '/admin/requests/new', label: t('intake'), allowed: can(user?.role, 'requests.intake') },
    { href: '/admin/tasks', label: t('tasks'), allowed: can(user?.role, 'requests.view') },
    { href: '/admin/dashboard', label: t('dashboard'), allowed: can(user?.role, 'reports.view') },
    { href: '/admin/transfers', label: t('transfers'), allowed: can(user?.role, 'transfers.record') },
    { href: '/admin/letters', label: t('letters'), allowed: can(user?.role, 'letters.view') },
    { href: '/admin/retention', label: t('retention'), allowed: can(user?.role, 'retention.confirm') },
    { href: '/admin/incidents', label: t('incidents'), allowed: can(user?.role, 'incidents.manage') },
    { href: '/admin/calendar', label: t('calendar'), allowed: can(user?.role, 'calendar.manage') },
    { href: '/admin/policies', label: t('policies'), allowed: can(user?.role, 'calendar.manage') },
    { href: '/admin/audit', label: t('audit'), allowed: can(user?.role, 'audit.view') },
    { href: '/admin/staff', label: t('staff'), allowed: can(user?.role, 'staff.manage') },
    { href: '/admin/inventory', label: t('inventory'), allowed: can(user?.role, 'inventory.view') },
    { href: '/admin/operator', label: t('operator'), allowed: can(user?.role, 'inventory.manage') },
    { href: '/admin/import', label: t('import'), allowed: can(user?.role, 'import.run') },
    { href: '/admin/api', label: t('api'), allowed: can(user?.role, 'integrations.view') },
    { href: '/admin/webhooks', label: t('webhooks'), allowed: can(user?.role, 'integrations.view') },
    { href: '/admin/account', label: t('account'), allowed: can(user?.role, 'backoffice.enter') },
  ]
    .filter((link) => link.allowed)
    .map((link) => ({ ...link, href: localePath(locale, link.href) }));
  return (
    <div className="space-y-6">
      {links.length > 1 && <AreaNav label={t('label')} links={links} />}
      {can(user?.role, 'calendar.manage') && <CalendarHorizonBanner href={localePath(locale, '/admin/calendar')} />}
      {children}
    </div>
  );
}

/**
 * Reference §3: after the last year with holiday data, deadlines would count holidays as working
 * days. Whoever keeps the calendar sees this on every back-office page from 90 days before.
 */
async function CalendarHorizonBanner({ href }: { href: string }) {
  const horizon = await findCalendarHorizon(getDb());
  if (!horizon.warning) return null;
  const [t, format] = await Promise.all([getTranslations('backoffice.calendarHorizon'), getFormatter()]);
  const date = horizon.endsOn
    ? format.dateTime(new Date(`${horizon.endsOn}T12:00:00Z`), { dateStyle: 'long', timeZone: 'Asia/Almaty' })
    : '';
  const lead =
    horizon.endsOn === null
      ? t('missing')
      : (horizon.daysLeft ?? 0) < 0
        ? t('ended', { date })
        : t('soon', { date, days: horizon.daysLeft ?? 0 });
  return (
    <div role="alert" className="rounded border border-amber-300 bg-amber-50 p-4 text-amber-950">
      <p>
        {lead} {t('consequence', { year: String((horizon.lastYear ?? new Date().getFullYear() - 1) + 1) })}
      </p>
      <p className="mt-2">
        <a href={href}>{t('action')}</a>
      </p>
    </div>
  );
}
