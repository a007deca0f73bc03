import type { Locale } from 'next-intl';
import { getFormatter, getTranslations } from '@/i18n/server';
import { Link } from '@/i18n/link';
import { formatterFor, translatorFor } from '@/lib/i18n/translator';
import { describeLegalBasis } from '@/lib/my-data/describe';
import type { NoticeVersion } from '@/lib/privacy-notice/versions';
import { RepresentativesSection } from './representatives-section';

/**
 * One version of the privacy notice (Art. 24–25; ISO/IEC 29184): the operator and inventory part
 * from the version's snapshot, the legal text from messages. `inForce` is false on a past version.
 */
export async function PrivacyNotice({
  locale,
  notice,
  inForce,
}: {
  locale: Locale;
  notice: NoticeVersion;
  inForce: boolean;
}) {
  const [t, format] = await Promise.all([getTranslations('compliance.privacy'), getFormatter()]);
  const words = translatorFor(locale);
  const country = formatterFor(locale).country;
  const { operator, categories, purposes, recipients, deadlines } = notice.snapshot;
  const abroad = recipients.filter((r) => r.country !== 'KZ');
  const operatorName = operator?.name[locale] ?? '';
  const approved = format.dateTime(new Date(notice.approvedAt), { dateStyle: 'long' });

  return (
    <article className="max-w-3xl space-y-8">
      <header className="space-y-2">
        <h1 className="text-3xl font-bold">{t('title')}</h1>
        <p className="font-medium">{t('version', { version: notice.version, date: approved })}</p>
        {!inForce && (
          <p role="note" className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-900">
            {t('pastVersion', { version: notice.version })} <Link href="/privacy">{t('currentLink')}</Link>
          </p>
        )}
        <p className="text-slate-700">{t('lead', { operator: operatorName })}</p>
        <p>
          <Link href="/privacy/versions">{t('versionsLink')}</Link>
        </p>
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
          {categories.map((c) => (
            <li key={c.code}>
              <span className="font-medium">{c.name[locale]}</span> — {c.description[locale]} (
              {t(c.accessLevel === 'restricted' ? 'restricted' : 'public')})
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="sources" className="space-y-1">
        <h2 id="sources" className="text-xl font-semibold">
          {t('sourcesTitle')}
        </h2>
        <p>{t('sourcesText')}</p>
      </section>

      <section aria-labelledby="purposes" className="space-y-3">
        <h2 id="purposes" className="text-xl font-semibold">
          {t('purposesTitle')}
        </h2>
        {purposes.map((p) => (
          <div key={p.code} className="card space-y-1 text-sm">
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
        {recipients.length === 0 ? (
          <p>{t('noRecipients')}</p>
        ) : (
          <ul className="list-disc space-y-1 pl-6">
            {recipients.map((r) => (
              <li key={r.code}>
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
              <li key={r.code}>
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

      <section aria-labelledby="withdrawal" className="space-y-1">
        <h2 id="withdrawal" className="text-xl font-semibold">
          {t('withdrawalTitle')}
        </h2>
        <p>{t('withdrawalText')}</p>
      </section>

      {operator && (
        <section aria-labelledby="in-writing" className="space-y-1">
          <h2 id="in-writing" className="text-xl font-semibold">
            {t('inWritingTitle')}
          </h2>
          <p>{t('inWritingText', { address: operator.address[locale], email: operator.email })}</p>
        </section>
      )}

      <RepresentativesSection />

      <section aria-labelledby="deadlines" className="space-y-1">
        <h2 id="deadlines" className="text-xl font-semibold">
          {t('deadlinesTitle')}
        </h2>
        <p>{t('deadlinesLead')}</p>
        <ul className="list-disc space-y-1 pl-6">
          {deadlines.map((d) => (
            <li key={d.type}>
              {t('deadlineLine', {
                type: words(`requestType.${d.type}`),
                days: d.workingDays,
                source: d.source?.[locale] ?? '—',
              })}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="free" className="space-y-1">
        <h2 id="free" className="text-xl font-semibold">
          {t('freeTitle')}
        </h2>
        <p>{t('freeText')}</p>
      </section>

      <section aria-labelledby="complain" className="space-y-1">
        <h2 id="complain" className="text-xl font-semibold">
          {t('complainTitle')}
        </h2>
        <ul className="list-disc space-y-1 pl-6">
          <li>
            {t('complainAuthority')} {t('complainAuthorityContacts')}
          </li>
          <li>{t('complainAkimat')}</li>
          <li>{t('complainCourt')}</li>
        </ul>
      </section>
    </article>
  );
}
