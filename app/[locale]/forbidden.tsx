import { getTranslations } from '@/i18n/server';
import { Link } from '@/i18n/link';
import { getSessionUser } from '@/lib/auth/session';

/** Rendered with a 403 when forbidden() is called: the wrong role, never a redirect loop. */
export default async function Forbidden() {
  const [t, tr, user] = await Promise.all([getTranslations('errors'), getTranslations('roles'), getSessionUser()]);
  return (
    <div className="max-w-xl space-y-4">
      <h1 className="text-2xl font-bold">{t('forbiddenTitle')}</h1>
      <p className="text-slate-700">{user ? t('forbidden', { role: tr(user.role) }) : t('forbiddenAnonymous')}</p>
      <Link href="/" className="btn-secondary">
        {t('backHome')}
      </Link>
    </div>
  );
}
