import { getLocale } from 'next-intl/server';
import { getTranslations } from '@/i18n/server';
import { Link } from '@/i18n/link';
import { getOperatorProfileForFrame } from '@/lib/operator';

export async function SiteFooter() {
  const [t, locale, operator] = await Promise.all([
    getTranslations('common'),
    getLocale(),
    getOperatorProfileForFrame(),
  ]);
  return (
    <footer data-site-footer className="border-t border-slate-200 bg-white">
      <div className="site-footer-bar">
        {operator && <p>{t('operatorLine', { operator: operator.name[locale], bin: operator.bin })}</p>}
        <p className="mt-1">
          <Link href="/privacy">{t('privacy')}</Link>
        </p>
      </div>
    </footer>
  );
}
