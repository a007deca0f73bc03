import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { findInventory } from '@/db/queries/inventory';
import { Link } from '@/i18n/link';
import { formatterFor, translatorFor } from '@/lib/i18n/translator';
import { describeLegalBasis } from '@/lib/my-data/describe';
import { getOperatorProfile } from '@/lib/operator';
import { RepresentativesSection } from './representatives-section';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'compliance.privacy' });
  return { title: t('title') };
}

/**
 * The privacy notice, generated from the data inventory so it always says what is done: the
 * living replacement of a static policy document (Art. 25(2)(1)-(1-1)).
 */
export default async function PrivacyPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const [t, format, operator, inventory] = await Promise.all([
    getTranslations('compliance.privacy'),
    getFormatter(),
    getOperatorProfile(),
    findInventory(getDb()),
  ]);
  const words = translatorFor(locale);
  const country = formatterFor(locale).country;
  const abroad = inventory.recipients.filter((r) => r.country !== 'KZ');
  const operatorName = operator?.name[locale] ?? '';

  return (
    <article className="max-w-3xl space-y-8">
      <header className="space-y-2">
        <h1 className="text-3xl font-bold">{t('title')}</h1>
        <p className="text-slate-700">{t('lead', { operator: operatorName })}</p>
      </header>

      {operator && (
        <section aria-labelledby="who" className="space-y-1">
          <h2 id="who" className="text-xl font-semibold">
            {t('operatorTitle')}
          </h2>
          <p>
            {operatorName}, {words('home.operatorBin')} {operator.bin}. {operator.address[locale]}.{' '}
            <a href={`mailto:${operator.email}`}>{operator.email}</a>, {operator.phone}
          </p>
          <p>
            {words('home.responsibleTitle')}: {operator.responsibleName},{' '}
            <a href={`mailto:${operator.responsibleEmail}`}>{operator.responsibleEmail}</a>, {operator.responsiblePhone}
          </p>
        </section>
      )}

      <section aria-labelledby="categories" className="space-y-2">
        <h2 id="categories" className="text-xl font-semibold">
          {t('categoriesTitle')}
        </h2>
        <ul className="list-disc space-y-1 pl-6">
          {inventory.categories.map((c) => (
            <li key={c.id}>
              <span className="font-medium">{c.name[locale]}</span> — {c.description[locale]} (
              {t(c.accessLevel === 'restricted' ? 'restricted' : 'public')})
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="purposes" className="space-y-3">
        <h2 id="purposes" className="text-xl font-semibold">
          {t('purposesTitle')}
        </h2>
        {inventory.purposes.map((p) => (
          <div key={p.id} className="card space-y-1 text-sm">
            <h3 className="text-base font-semibold">{p.name[locale]}</h3>
            <p>{p.description[locale]}</p>
            <p>
              <span className="text-slate-500">{words('me.legalBasis')}: </span>
              {describeLegalBasis(words, locale, p)}
            </p>
            <p>
              <span className="text-slate-500">{words('me.retention')}: </span>
              {p.retentionDescription[locale]}
            </p>
            <p>
              <span className="text-slate-500">{t('categories')}: </span>
              {p.categories.map((c) => c[locale]).join(', ')}
            </p>
            {p.recipients.length > 0 && (
              <p>
                <span className="text-slate-500">{words('me.recipients')}: </span>
                {p.recipients.map((r) => `${r.name[locale]} (${country(r.country)})`).join('; ')}
              </p>
            )}
            {p.isAutomated && p.automatedLogic && <p>{t('automated', { logic: p.automatedLogic[locale] })}</p>}
          </div>
        ))}
      </section>

      <section aria-labelledby="recipients" className="space-y-2">
        <h2 id="recipients" className="text-xl font-semibold">
          {t('recipientsTitle')}
        </h2>
        {inventory.recipients.length === 0 ? (
          <p>{t('noRecipients')}</p>
        ) : (
          <ul className="list-disc space-y-1 pl-6">
            {inventory.recipients.map((r) => (
              <li key={r.id}>
                {r.name[locale]} — {country(r.country)}, {words(`recipientKind.${r.kind}`)}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="abroad" className="space-y-2">
        <h2 id="abroad" className="text-xl font-semibold">
          {t('crossBorderTitle')}
        </h2>
        {abroad.length === 0 ? (
          <p>{t('noCrossBorder')}</p>
        ) : (
          <ul className="list-disc space-y-1 pl-6">
            {abroad.map((r) => (
              <li key={r.id}>
                {r.name[locale]} — {country(r.country)}:{' '}
                {r.crossBorderBasis ? words(`crossBorderBasis.${r.crossBorderBasis}`) : ''}
              </li>
            ))}
          </ul>
        )}
      </section>

      {operator && (
        <section aria-labelledby="storage" className="space-y-1">
          <h2 id="storage" className="text-xl font-semibold">
            {t('storageTitle')}
          </h2>
          <p>{operator.storageLocation[locale]}</p>
        </section>
      )}

      <section aria-labelledby="rights" className="space-y-1">
        <h2 id="rights" className="text-xl font-semibold">
          {t('rightsTitle')}
        </h2>
        <p>
          {t('rightsText')} <Link href="/sign-in">{words('common.signIn')}</Link>
        </p>
      </section>

      <RepresentativesSection />

      <section aria-labelledby="complain" className="space-y-1">
        <h2 id="complain" className="text-xl font-semibold">
          {t('complainTitle')}
        </h2>
        <ul className="list-disc space-y-1 pl-6">
          <li>{t('complainAuthority')}</li>
          <li>{t('complainAkimat')}</li>
          <li>{t('complainCourt')}</li>
        </ul>
      </section>
      <p className="text-sm text-slate-500">
        {t('updated', { date: format.dateTime(new Date(), { dateStyle: 'long' }) })}
      </p>
    </article>
  );
}
