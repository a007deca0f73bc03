import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { getDb } from '@/db';
import { destructionRequestFor, listOpenDestructionRequests } from '@/db/queries/subject-requests';
import { findMyDataReport, isHeldForNoPurpose, type ItemReport } from '@/lib/my-data/report';
import { Link } from '@/i18n/link';
import { requireSubject } from '@/lib/auth/session';
import { translatorFor } from '@/lib/i18n/translator';
import { maskValue } from '@/lib/mask';
import { describeLegalBasis, describeRecipient } from '@/lib/my-data/describe';
import { getOperatorProfile } from '@/lib/operator';
import { slugOf } from '@/lib/requests/types';
import { PrintButton } from '@/components/print-button';
import { PrintHeader } from '@/components/print-header';
import { StateBadge } from './state-badge';
import { localePath } from '@/i18n/paths';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'me' });
  return { title: t('title') };
}

/** Art. 24(1)(1), 25(2)(9): everything the operator holds about me and why, instantly and free. */
export default async function MyDataPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const { user, subject } = await requireSubject();
  const [t, td, tp, ts, tsrc, tm, format, operator] = await Promise.all([
    getTranslations('me'),
    getTranslations('downloads'),
    getTranslations('print'),
    getTranslations('itemState'),
    getTranslations('dataSource'),
    getTranslations('processingMethod'),
    getFormatter(),
    getOperatorProfile(),
  ]);
  const operatorName = operator?.name[locale] ?? '';

  // The open destruction requests are read beside the report, not after it (one round trip less).
  const [report, destructions] = subject
    ? await Promise.all([
        findMyDataReport(getDb(), subject.id, subject),
        listOpenDestructionRequests(getDb(), subject.id),
      ])
    : [null, []];
  // No record, or a record with no item at all (one made when they asked for the operator's formal
  // answer, lib/requests/subject-requests.ts): nothing is held, and the formal answer can be asked for.
  if (!subject || !report || report.categories.length === 0) {
    return (
      <div className="max-w-2xl space-y-4">
        <h1 className="text-2xl font-bold">{t('nothingHeldTitle')}</h1>
        <p className="text-slate-700">
          {t('nothingHeld', { operator: operatorName, email: user.email, contact: operator?.responsibleEmail ?? '' })}
        </p>
        <p data-no-print>
          <Link href={`/me/requests/new/${slugOf('ACCESS')}`} className="btn-primary">
            {(await getTranslations('requests'))('askAccess')}
          </Link>
        </p>
      </div>
    );
  }

  const describe = translatorFor(locale);
  const date = (d: Date) => format.dateTime(d, { dateStyle: 'long' });
  // Each purpose described once, in the order first met; an item names its purposes and links here.
  const purposesOnce = [
    ...new Map(report.categories.flatMap((c) => c.items.flatMap((i) => i.purposes)).map((p) => [p.id, p])).values(),
  ];

  // Beside an item held for no purpose: its destruction asked for already (an open DESTROY request
  // names it), with a link to that request; else the way to ask for it.
  const destructionRequested = (itemId: string, category: string) => {
    const request = destructionRequestFor(destructions, itemId);
    if (request)
      return (
        <Link href={`/me/requests/${request.id}`}>{t('destructionRequested', { reference: request.reference })}</Link>
      );
    return (
      <Link
        href={`/me/requests/new/${slugOf('DESTROY')}?item=${itemId}`}
        aria-label={t('requestDestructionOf', { category })}
        className="btn-secondary py-1 text-sm"
      >
        {t('requestDestruction')}
      </Link>
    );
  };

  const renderValue = (item: ItemReport, restricted: boolean) => {
    if (item.value === null)
      return <span className="italic text-slate-500">{t('destroyedValue', { date: date(item.destroyedAt!) })}</span>;
    if (!restricted) return item.value;
    return (
      <details className="group inline-block">
        <summary className="cursor-pointer list-none group-open:hidden">
          <span className="font-mono">{maskValue(item.value)}</span>{' '}
          <span className="text-sm text-brand-700 underline">{t('reveal')}</span>
        </summary>
        <span className="break-words font-mono">{item.value}</span>
      </details>
    );
  };

  return (
    <div className="space-y-6">
      <PrintHeader locale={locale} operator={operator} subjectName={subject.fullName ?? user.email} />
      <header className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h1 className="text-2xl font-bold">{t('title')}</h1>
          <PrintButton label={tp('button')} />
        </div>
        <p className="text-slate-700">{t('lead', { operator: operatorName })}</p>
        <p className="text-sm text-slate-600">
          {t('summary', { items: report.itemCount, categories: report.categories.length })}
        </p>
        {operator && (
          <p className="text-sm text-slate-600">{t('storage', { location: operator.storageLocation[locale] })}</p>
        )}
      </header>

      <section aria-labelledby="downloads" className="card flex flex-wrap items-center gap-3" data-no-print>
        <h2 id="downloads" className="w-full text-base font-semibold sm:w-auto">
          {t('downloadsTitle')}
        </h2>
        {(
          [
            ['pdf', 'downloadPdf'],
            ['xlsx', 'downloadXlsx'],
            ['csv', 'downloadCsv'],
            ['json', 'downloadJson'],
          ] as const
        ).map(([kind, label]) => (
          <a key={kind} href={localePath(locale, `/me/export/${kind}`)} className="btn-secondary text-sm" download>
            {t(label)}
          </a>
        ))}
        <p className="w-full text-xs text-slate-500">
          {td('spreadsheetNote')} {t('downloadsNote')}
        </p>
      </section>

      {report.categories.map((category) => (
        <section key={category.id} aria-labelledby={`cat-${category.id}`} className="card space-y-3">
          <h2 id={`cat-${category.id}`} className="text-lg font-semibold">
            {category.name[locale]}
          </h2>
          <ul className="divide-y divide-slate-100">
            {category.items.map((item) => (
              <li key={item.id} className="space-y-2 py-3">
                <div className="item-head">
                  <div className="min-w-0 break-words">{renderValue(item, category.accessLevel === 'restricted')}</div>
                  <StateBadge state={item.state} label={ts(item.state)} />
                </div>
                {/* One text, not nine text nodes (each one more node to render, and a marker between two in the HTML). */}
                <p className="text-sm text-slate-600">
                  {[
                    item.sourceDetail
                      ? t('sourceWithDetail', { source: tsrc(item.source), detail: item.sourceDetail })
                      : tsrc(item.source),
                    tm(item.method),
                    t('collectedAt', { date: date(item.collectedAt) }),
                    t('updatedAt', { date: date(item.updatedAt) }),
                    item.system &&
                      t('keptIn', {
                        system: item.system.name[locale],
                        place: item.system.storageLocation[locale],
                        country: item.system.country,
                      }),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
                {item.state === 'blocked' && <p className="text-sm text-amber-800">{t('blockedNote')}</p>}
                {isHeldForNoPurpose(item) && (
                  <p className="flex flex-wrap items-center gap-3 text-sm" data-no-print>
                    <span>{t('noPurpose')}</span>
                    {destructionRequested(item.id, category.name[locale])}
                  </p>
                )}
                <details className="item-why">
                  <summary>{t('whyTitle', { count: item.purposes.length })}</summary>
                  <ul>
                    {item.purposes.map((purpose) => (
                      <li key={purpose.id} className="space-y-1">
                        <p className="font-medium">
                          {/* What the purpose is, its ground and recipients: once, under "Purposes" below. */}
                          <a href={`#purpose-${purpose.id}`}>{purpose.name[locale]}</a>
                          {purpose.isAutomated && (
                            <span className="purpose-tag bg-violet-100 text-violet-900">{t('automated')}</span>
                          )}
                          {purpose.publishes && (
                            <span className="purpose-tag bg-sky-100 text-sky-900">{t('publishes')}</span>
                          )}
                          {purpose.endedAt && (
                            <span className="purpose-tag bg-slate-200 text-slate-800">{t('purposeStopped')}</span>
                          )}
                        </p>
                        {purpose.consentWithdrawnAt && (
                          <p className="text-slate-700">
                            {t('consentWithdrawn', { date: date(purpose.consentWithdrawnAt) })}
                          </p>
                        )}
                        {purpose.objectionUpheldAt && (
                          <p className="text-violet-900">
                            {t('objectionUpheld', { date: date(purpose.objectionUpheldAt) })}
                          </p>
                        )}
                        {/* The rule is under "Purposes"; here what it means for this item. */}
                        {(purpose.retentionKind === 'period_after_event' || purpose.endedAt) && (
                          <p>
                            <span className="text-slate-500">{t('retention')}:</span>{' '}
                            {[
                              purpose.retentionKind === 'period_after_event' &&
                                (purpose.retentionEndsAt
                                  ? t('retentionUntil', { date: date(purpose.retentionEndsAt) })
                                  : t('retentionNoDate')),
                              purpose.endedAt && t('purposeEnded', { date: date(purpose.endedAt) }),
                            ]
                              .filter(Boolean)
                              .join('; ')}
                          </p>
                        )}
                      </li>
                    ))}
                  </ul>
                </details>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <section aria-labelledby="purposes" className="card space-y-3">
        <h2 id="purposes" className="text-lg font-semibold">
          {t('purposesTitle')}
        </h2>
        <ul className="divide-y divide-slate-100 text-sm">
          {purposesOnce.map((purpose) => (
            <li key={purpose.id} id={`purpose-${purpose.id}`} className="scroll-mt-4 space-y-1 py-3">
              <h3 className="font-medium">{purpose.name[locale]}</h3>
              <p className="text-slate-600">{purpose.description[locale]}</p>
              {purpose.isAutomated && purpose.automatedLogic && (
                <p className="text-slate-600">{purpose.automatedLogic[locale]}</p>
              )}
              <dl className="terms grid gap-x-3 sm:grid-cols-[max-content_1fr]">
                <dt>{t('legalBasis')}</dt>
                <dd>{describeLegalBasis(describe, locale, purpose)}</dd>
                <dt>{t('retention')}</dt>
                <dd>{purpose.retentionDescription[locale]}</dd>
                <dt>{t('recipients')}</dt>
                <dd>
                  {purpose.recipients.map((r) => describeRecipient(describe, locale, r)).join('; ') ||
                    t('noRecipients')}
                </dd>
              </dl>
            </li>
          ))}
        </ul>
      </section>
      <p data-no-print>
        <Link href="/me/requests/new" className="btn-primary">
          {t('fileRequest')}
        </Link>
      </p>
    </div>
  );
}
