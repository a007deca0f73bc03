import { getTranslations } from 'next-intl/server';
import { AreaNav } from '@/components/area-nav';

/** The subject's pages share their navigation; each page checks who is asking itself. */
export default async function SubjectLayout({ children }: { children: React.ReactNode }) {
  const t = await getTranslations('subjectNav');
  return (
    <div className="space-y-6">
      <AreaNav
        label={t('label')}
        links={[
          { href: '/me', label: t('myData') },
          { href: '/me/consents', label: t('consents') },
          { href: '/me/requests', label: t('requests') },
          { href: '/me/activity', label: t('activity') },
        ]}
      />
      {children}
    </div>
  );
}
