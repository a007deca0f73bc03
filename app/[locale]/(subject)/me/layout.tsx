import { getLocale } from 'next-intl/server';
import { getTranslations } from '@/i18n/server';
import { AreaNav } from '@/components/area-nav';
import { localePath } from '@/i18n/paths';

/** The subject's pages share their navigation; each page checks who is asking itself. */
export default async function SubjectLayout({ children }: { children: React.ReactNode }) {
  const [t, locale] = await Promise.all([getTranslations('subjectNav'), getLocale()]);
  return (
    <div className="space-y-6">
      <AreaNav
        label={t('label')}
        links={[
          { href: localePath(locale, '/me'), label: t('myData') },
          { href: localePath(locale, '/me/consents'), label: t('consents') },
          { href: localePath(locale, '/me/requests'), label: t('requests') },
          { href: localePath(locale, '/me/activity'), label: t('activity') },
          { href: localePath(locale, '/me/account'), label: t('account') },
        ]}
      />
      {children}
    </div>
  );
}
