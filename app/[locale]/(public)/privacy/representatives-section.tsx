import { getTranslations } from '@/i18n/server';

/** Art. 7(1), 10(2), 24: who may act for a data subject, with what document, how it is checked and how to file. */
export async function RepresentativesSection() {
  const t = await getTranslations('privacy.representatives');
  return (
    <section aria-labelledby="representatives" className="space-y-1">
      <h2 id="representatives" className="text-xl font-semibold">
        {t('title')}
      </h2>
      <p>{t('who')}</p>
      <p>{t('document')}</p>
      <p>{t('verification')}</p>
      <p>{t('howToFile')}</p>
    </section>
  );
}
