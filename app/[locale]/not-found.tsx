import { getTranslations } from '@/i18n/server';
import { Link } from '@/i18n/link';

export default async function NotFound() {
  const t = await getTranslations('errors');
  return (
    <div className="max-w-xl space-y-4">
      <h1 className="text-2xl font-bold">{t('notFoundTitle')}</h1>
      <p className="text-slate-700">{t('notFound')}</p>
      <Link href="/" className="btn-secondary">
        {t('backHome')}
      </Link>
    </div>
  );
}
