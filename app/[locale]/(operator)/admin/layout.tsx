import { getLocale, getTranslations } from 'next-intl/server';
import { can } from '@/lib/auth/permissions';
import { getSessionUser } from '@/lib/auth/session';
import { AreaNav } from '@/components/area-nav';

/** The back office's navigation shows what the role may open; each page checks again itself. */
export default async function BackOfficeLayout({ children }: { children: React.ReactNode }) {
  const [t, user, locale] = await Promise.all([getTranslations('backoffice.nav'), getSessionUser(), getLocale()]);
  const links = [
    { href: '/admin', label: t('overview'), allowed: can(user?.role, 'backoffice.enter') },
    { href: '/admin/requests', label: t('queue'), allowed: can(user?.role, 'requests.view') },
    { href: '/admin/requests/new', label: t('intake'), allowed: can(user?.role, 'requests.intake') },
    { href: '/admin/dashboard', label: t('dashboard'), allowed: can(user?.role, 'reports.view') },
    { href: '/admin/transfers', label: t('transfers'), allowed: can(user?.role, 'transfers.record') },
    { href: '/admin/retention', label: t('retention'), allowed: can(user?.role, 'retention.confirm') },
    { href: '/admin/incidents', label: t('incidents'), allowed: can(user?.role, 'incidents.manage') },
    { href: '/admin/calendar', label: t('calendar'), allowed: can(user?.role, 'calendar.manage') },
    { href: '/admin/policies', label: t('policies'), allowed: can(user?.role, 'calendar.manage') },
    { href: '/admin/audit', label: t('audit'), allowed: can(user?.role, 'audit.view') },
    { href: '/admin/staff', label: t('staff'), allowed: can(user?.role, 'staff.manage') },
    { href: '/admin/operator', label: t('operator'), allowed: can(user?.role, 'inventory.manage') },
  ].filter((link) => link.allowed).map((link) => ({ ...link, href: `/${locale}${link.href}` }));
  return (
    <div className="space-y-6">
      {links.length > 1 && <AreaNav label={t('label')} links={links} />}
      {children}
    </div>
  );
}
