import { getLocale, getTranslations } from 'next-intl/server';
import { AreaNav } from '@/components/area-nav';

/** The subject's pages share their navigation; each page checks who is asking itself. */
export default async function SubjectLayout({ children }: { children: React.ReactNode }) {
  const [t, locale] = await Promise.all([getTranslations('subjectNav'), getLocale()]);
  return (
    <div className="space-y-6">
      <AreaNav
        label={t('label')}
        links={[
          { href: `/${locale}/me`, label: t('myData') },
          { href: `/${locale}/me/consents`, label: t('consents') },
          { href: `/${locale}/me/requests`, label: t('requests') },
          { href: `/${locale}/me/activity`, label: t('activity') },
        ]}
      />
      {children}
    </div>
  );
}
