import { getLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { getDb } from '@/db';
import { findCalendarHorizon } from '@/lib/deadlines/horizon';
import { can, type Permission } from '@/lib/auth/permissions';
import { getSessionUser } from '@/lib/auth/session';
import { GroupedNav } from '@/components/grouped-nav';
import { localePath } from '@/i18n/paths';

type NavLink = { href: string; label: string; allowed: boolean };

/** The back office's navigation shows what the role may open; each page checks again itself. */
export default async function BackOfficeLayout({ children }: { children: React.ReactNode }) {
  const [t, user, locale] = await Promise.all([getTranslations('backoffice.nav'), getSessionUser(), getLocale()]);
  const allowed = (permission: Permission) => can(user?.role, permission);
  const group = (name: 'requests' | 'registers' | 'inventory' | 'administration', links: NavLink[]) => ({
    label: t(`groups.${name}`),
    links: links.filter((link) => link.allowed).map((link) => ({ ...link, href: localePath(locale, link.href) })),
  });
  // Four groups, each destination once; a role sees the links it may open, and groups it has none in go.
  const groups = [
    group('requests', [
      { href: '/admin', label: t('overview'), allowed: allowed('backoffice.enter') },
      { href: '/admin/requests', label: t('queue'), allowed: allowed('requests.view') },
      { href: '/admin/requests/new', label: t('intake'), allowed: allowed('requests.intake') },
      { href: '/admin/tasks', label: t('tasks'), allowed: allowed('requests.view') },
      { href: '/admin/letters', label: t('letters'), allowed: allowed('letters.view') },
      { href: '/admin/dashboard', label: t('dashboard'), allowed: allowed('reports.view') },
    ]),
    group('registers', [
      { href: '/admin/transfers', label: t('transfers'), allowed: allowed('transfers.view') },
      { href: '/admin/retention', label: t('retention'), allowed: allowed('retention.view') },
      { href: '/admin/incidents', label: t('incidents'), allowed: allowed('incidents.view') },
      { href: '/admin/audit', label: t('audit'), allowed: allowed('audit.view') },
    ]),
    group('inventory', [
      { href: '/admin/inventory', label: t('inventory'), allowed: allowed('inventory.view') },
      { href: '/admin/operator', label: t('operator'), allowed: allowed('inventory.manage') },
      { href: '/admin/import', label: t('import'), allowed: allowed('import.run') },
      { href: '/admin/api', label: t('api'), allowed: allowed('integrations.view') },
      { href: '/admin/webhooks', label: t('webhooks'), allowed: allowed('integrations.view') },
    ]),
    group('administration', [
      { href: '/admin/calendar', label: t('calendar'), allowed: allowed('calendar.manage') },
      { href: '/admin/policies', label: t('policies'), allowed: allowed('calendar.manage') },
      { href: '/admin/staff', label: t('staff'), allowed: allowed('staff.manage') },
      { href: '/admin/account', label: t('account'), allowed: allowed('backoffice.enter') },
    ]),
  ].filter((g) => g.links.length > 0);
  const linkCount = groups.reduce((n, g) => n + g.links.length, 0);
  return (
    <div className="space-y-6">
      {linkCount > 1 && <GroupedNav label={t('label')} groups={groups} />}
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
