import type { Locale } from 'next-intl';
import { getFormatter, getTranslations } from '@/i18n/server';
import type { ConsentRecord } from '@/db/schema/consents';
import { Link } from '@/i18n/link';
import { localePath } from '@/i18n/paths';
import { consentActorKey, type ConsentContent } from '@/lib/consents/records';

/** Art. 8(4): the content of the publication consent, shown whole before the subject may agree. */
export async function PublicationContent({ content, locale }: { content: ConsentContent; locale: Locale }) {
  const [t, format] = await Promise.all([getTranslations('consents'), getFormatter()]);
  const yesNo = (value: boolean) => t(value ? 'yes' : 'no');
  return (
    <section aria-label={t('publicContent.title')} className="w-full rounded border border-sky-200 bg-white p-3">
      <h3 className="mb-2 font-semibold">{t('publicContent.title')}</h3>
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="text-slate-500">{t('operator')}</dt>
        <dd>
          {content.operator.name[locale]}, {content.operator.bin}
        </dd>
        <dt className="text-slate-500">{t('subjectName')}</dt>
        <dd>{content.subjectName}</dd>
        <dt className="text-slate-500">{t('purposes')}</dt>
        <dd>{content.purposes.map((p) => p.name[locale]).join('; ')}</dd>
        <dt className="text-slate-500">{t('term')}</dt>
        <dd>{t('termOpen', { from: format.dateTime(new Date(content.term.validFrom), { dateStyle: 'long' }) })}</dd>
        <dt className="text-slate-500">{t('thirdParty')}</dt>
        <dd>{yesNo(content.thirdPartyTransfer.yes)}</dd>
        <dt className="text-slate-500">{t('crossBorder')}</dt>
        <dd>{yesNo(content.crossBorderTransfer.yes)}</dd>
        <dt className="text-slate-500">{t('publicSources')}</dt>
        <dd>{yesNo(content.publicSources)}</dd>
        <dt className="text-slate-500">{t('dataList')}</dt>
        <dd>{content.dataCategories.map((c) => c.name[locale]).join(', ')}</dd>
        <dt className="text-slate-500">{t('publicContent.where')}</dt>
        <dd>{content.purposes.map((p) => p.description[locale]).join(' ')}</dd>
        {content.otherTerms && (
          <>
            <dt className="text-slate-500">{t('other')}</dt>
            <dd>{content.otherTerms[locale]}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

/** ISO/IEC TS 27560: every event of a consent, each downloadable as the receipt of that state. */
export async function ConsentHistory({
  consentId,
  records,
  locale,
}: {
  consentId: string;
  records: ConsentRecord[];
  locale: Locale;
}) {
  if (records.length === 0) return null;
  const [t, format] = await Promise.all([getTranslations('consents'), getFormatter()]);
  return (
    <section aria-labelledby={`history-${consentId}`} className="space-y-2 border-t border-slate-200 pt-3">
      <h3 id={`history-${consentId}`} className="font-semibold">
        {t('records.title')}
      </h3>
      <p className="text-sm text-slate-600">{t('records.lead')}</p>
      <ol className="space-y-2 text-sm">
        {records.map((record) => (
          <li key={record.id} className="rounded border border-slate-200 p-2">
            <p className="font-medium">{t(`records.events.${record.event}`)}</p>
            <p>
              {t('records.at', {
                date: format.dateTime(record.at, { dateStyle: 'long', timeStyle: 'short' }),
              })}
            </p>
            <p className="text-slate-600">
              {t('records.actor')}: {t(`records.actors.${consentActorKey(record.actorRole)}`)} ·{' '}
              {t('records.noticeVersion')}:{' '}
              <Link href={`/privacy/v/${encodeURIComponent(record.noticeVersion)}`} className="underline">
                {record.noticeVersion}
              </Link>
            </p>
            <p className="break-all font-mono text-xs text-slate-600">
              {t('records.hash')}: {record.sha256}
            </p>
            <a
              href={localePath(locale, `/me/consents/${consentId}/receipt?record=${record.id}`)}
              className="text-sm"
              download
            >
              {t('records.pdfOf')}
            </a>
          </li>
        ))}
      </ol>
    </section>
  );
}
