import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { ActionForm, FieldError, SubmitButton } from '@/components/action-form';
import { getDb } from '@/db';
import { listSubjectConsents, listUpheldObjections } from '@/db/queries/consents';
import { computeDueAtFor } from '@/lib/deadlines/policy';
import { listPublishingPurposes } from '@/db/queries/publication';
import { listSubjectConsentRecords, publicationConsentContent } from '@/lib/consents/records';
import { Link } from '@/i18n/link';
import { requireSubject } from '@/lib/auth/session';
import { getOperatorProfile } from '@/lib/operator';
import { listNoticeVersions } from '@/lib/privacy-notice/versions';
import { acceptWidenedConsentAction, decidePublicationAction, withdrawConsentAction } from './actions';
import { ConsentHistory, PublicationContent } from './records';
import { localePath } from '@/i18n/paths';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'consents' });
  return { title: t('title') };
}

/** Art. 8: my consents with their full content; withdraw one, unless Art. 8(2) forbids it, and say why. */
export default async function ConsentsPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const { subject } = await requireSubject();
  const [t, format, operator] = await Promise.all([getTranslations('consents'), getFormatter(), getOperatorProfile()]);
  if (!subject) {
    return <p className="text-slate-700">{t('none')}</p>;
  }
  const db = getDb();
  const now = new Date();
  const [consents, publishing, withdrawal, records, objections, versions] = await Promise.all([
    listSubjectConsents(db, subject.id),
    listPublishingPurposes(db, subject.id),
    computeDueAtFor(db, 'WITHDRAW', now),
    listSubjectConsentRecords(db, subject.id),
    listUpheldObjections(db, subject.id),
    listNoticeVersions(db),
  ]);
  // Art. 8(4): what the publication consent would say, shown in full before the subject agrees.
  const publicationContents = Object.fromEntries(
    await Promise.all(
      publishing.map(async (p) => [p.id, await publicationConsentContent(db, subject.id, p.id, now)] as const),
    ),
  );
  const date = (d: Date) => format.dateTime(d, { dateStyle: 'long' });
  const yesNo = (value: boolean) => t(value ? 'yes' : 'no');

  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">{t('title')}</h1>
        <p className="text-slate-700">{t('lead', { operator: operator?.name[locale] ?? '' })}</p>
      </header>

      {publishing.map((purpose) => {
        const given = consents.some((c) => c.state === 'active' && c.purposes.some((p) => p.id === purpose.id));
        return (
          <section
            key={purpose.id}
            aria-labelledby={`pub-${purpose.id}`}
            className="card space-y-3 border-sky-200 bg-sky-50/40"
          >
            <h2 id={`pub-${purpose.id}`} className="text-lg font-semibold">
              {t('publicTitle')}
            </h2>
            <p className="text-slate-700">
              {t('publicLead', {
                operator: operator?.name[locale] ?? '',
                purposes: `${purpose.name[locale]} (${purpose.categories.map((c) => c[locale]).join(', ')})`,
              })}
            </p>
            <p className="text-sm text-slate-600">{purpose.description[locale]}</p>
            {given ? (
              <p className="font-medium text-emerald-800">{t('publicGiven')}</p>
            ) : (
              <div className="flex flex-wrap items-start gap-3">
                <PublicationContent content={publicationContents[purpose.id]!} locale={locale} />
                <ActionForm action={decidePublicationAction} className="w-full space-y-2">
                  <input type="hidden" name="purposeId" value={purpose.id} />
                  <input type="hidden" name="decision" value="give" />
                  <label className="flex items-start gap-2 text-sm">
                    <input type="checkbox" name="confirm" value="yes" required className="mt-1" />
                    <span>{t('publicContent.confirm')}</span>
                  </label>
                  <SubmitButton label={t('publicGive')} pendingLabel={t('publicGive')} className="btn-primary" />
                </ActionForm>
                <ActionForm action={decidePublicationAction} className="space-y-2">
                  <input type="hidden" name="purposeId" value={purpose.id} />
                  <input type="hidden" name="decision" value="refuse" />
                  <SubmitButton
                    label={t('publicRefuse')}
                    pendingLabel={t('publicRefuse')}
                    className="btn-secondary py-2"
                  />
                </ActionForm>
                {purpose.refusedAt && (
                  <p className="w-full text-sm text-slate-600">
                    {t('publicRefusedAt', { date: date(purpose.refusedAt) })}
                  </p>
                )}
              </div>
            )}
          </section>
        );
      })}

      {consents.length === 0 && <p className="text-slate-700">{t('none')}</p>}
      {consents.map((consent) => (
        <section key={consent.id} aria-labelledby={`consent-${consent.id}`} className="card space-y-3">
          <div className="flex flex-wrap items-start justify-between gap-2">
            <h2 id={`consent-${consent.id}`} className="text-lg font-semibold">
              {consent.purposes.map((p) => p.name[locale]).join('; ')}
            </h2>
            <span
              className={`rounded-full px-2 py-0.5 text-sm ring-1 ${consent.state === 'active' ? 'bg-emerald-50 text-emerald-800 ring-emerald-200' : 'bg-slate-100 text-slate-700 ring-slate-200'}`}
            >
              {t(`states.${consent.state}`)}
            </span>
          </div>
          <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
            <dt className="text-slate-500">{t('operator')}</dt>
            <dd>
              {consent.operatorName[locale]}, {consent.operatorBin}
            </dd>
            <dt className="text-slate-500">{t('subjectName')}</dt>
            <dd>{consent.subjectName}</dd>
            <dt className="text-slate-500">{t('term')}</dt>
            <dd>
              {consent.validUntil
                ? t('termUntil', { from: date(consent.validFrom), until: date(consent.validUntil) })
                : t('termOpen', { from: date(consent.validFrom) })}
              {consent.withdrawnAt && ` · ${t('withdrawnAt', { date: date(consent.withdrawnAt) })}`}
              {consent.expiredAt && ` · ${t('expiredAt', { date: date(consent.expiredAt) })}`}
            </dd>
            <dt className="text-slate-500">{t('dataList')}</dt>
            <dd>{consent.categories.map((c) => c.name[locale]).join(', ')}</dd>
            <dt className="text-slate-500">{t('thirdParty')}</dt>
            <dd>{yesNo(consent.thirdPartyTransfer)}</dd>
            <dt className="text-slate-500">{t('crossBorder')}</dt>
            <dd>{yesNo(consent.crossBorderTransfer)}</dd>
            <dt className="text-slate-500">{t('publicSources')}</dt>
            <dd>{yesNo(consent.publicSources)}</dd>
            {consent.otherTerms && (
              <>
                <dt className="text-slate-500">{t('other')}</dt>
                <dd>{consent.otherTerms[locale]}</dd>
              </>
            )}
            <dt className="text-slate-500">{t('channel')}</dt>
            <dd>{t(`channels.${consent.channel}`)}</dd>
            <dt className="text-slate-500">{t('givenAt')}</dt>
            <dd>{format.dateTime(consent.givenAt, { dateStyle: 'long', timeStyle: 'short' })}</dd>
            <dt className="text-slate-500">{t('evidence')}</dt>
            <dd className="break-all font-mono text-xs">{consent.evidenceSha256}</dd>
          </dl>

          {consent.state === 'active' && consent.reconsentVersion !== null && (
            <div
              role="alert"
              className="space-y-2 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
            >
              <p className="font-semibold">{t('reconsent.title')}</p>
              <p>
                {t('reconsent.body', {
                  version: consent.reconsentVersion,
                  date: date(versions.find((v) => v.version === consent.reconsentVersion)?.approvedAt ?? now),
                })}{' '}
                <Link href={`/privacy/v/${consent.reconsentVersion}`}>{t('reconsent.compare')}</Link>
              </p>
              <ActionForm action={acceptWidenedConsentAction} className="space-y-2">
                <input type="hidden" name="consentId" value={consent.id} />
                <label className="flex items-center gap-2">
                  <input name="confirm" type="checkbox" value="yes" className="size-4" />
                  {t('reconsent.confirm')}
                </label>
                <FieldError name="confirm" />
                <SubmitButton
                  label={t('reconsent.accept')}
                  pendingLabel={t('reconsent.accept')}
                  className="btn-primary py-1.5"
                />
              </ActionForm>
              <p>{t('reconsent.orWithdraw')}</p>
            </div>
          )}
          {consent.state === 'withdrawn' && consent.withdrawnAt && (
            <p role="status" className="rounded border border-slate-200 bg-slate-50 p-3 text-sm text-slate-800">
              {t('withdrawnResult', {
                date: date(consent.withdrawnAt),
                purposes: consent.purposes.map((p) => p.name[locale]).join('; '),
              })}
            </p>
          )}
          {consent.purposes.flatMap((purpose) => {
            const objection = objections.find((o) => o.purposeId === purpose.id);
            return objection
              ? [
                  <p
                    key={purpose.id}
                    role="status"
                    className="rounded border border-violet-200 bg-violet-50 p-3 text-sm text-violet-900"
                  >
                    {t('objectionUpheld', { date: date(objection.upheldAt), purpose: purpose.name[locale] })}
                  </p>,
                ]
              : [];
          })}

          <div className="flex flex-wrap items-center gap-3" data-no-print>
            {consent.state !== 'active' ? null : consent.withdrawalLock ? (
              <div
                role="note"
                className="w-full rounded border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900"
              >
                <p className="font-semibold">{t('lockedTitle')}</p>
                <p>
                  {t(consent.withdrawalLock === 'law' ? 'lockedLaw' : 'lockedObligation')}{' '}
                  {consent.withdrawalLockReason?.[locale]}
                </p>
              </div>
            ) : consent.pendingWithdrawal ? (
              <Link href={`/me/requests/${consent.pendingWithdrawal.id}`}>
                {t('pending', { reference: consent.pendingWithdrawal.reference })}
              </Link>
            ) : consent.state === 'active' ? (
              <details className="w-full">
                <summary className="btn-secondary cursor-pointer">{t('withdraw')}</summary>
                <ActionForm
                  action={withdrawConsentAction}
                  className="mt-3 space-y-3 rounded border border-slate-200 p-3"
                >
                  <p className="text-sm text-slate-700">
                    {t('withdrawExplain', { days: withdrawal.workingDays, date: date(withdrawal.dueAt) })}
                  </p>
                  <input type="hidden" name="consentId" value={consent.id} />
                  <input type="hidden" name="idempotencyKey" value={randomUUID()} />
                  <SubmitButton label={t('withdrawConfirm')} pendingLabel={t('withdrawConfirm')} />
                </ActionForm>
              </details>
            ) : null}
            <a href={localePath(locale, `/me/consents/${consent.id}/receipt`)} className="text-sm" download>
              {t('receipt')}
            </a>
            {records.some((r) => r.consentId === consent.id) && (
              <a
                href={localePath(locale, `/me/consents/${consent.id}/receipt?format=jsonld`)}
                className="text-sm"
                download
              >
                {t('records.jsonld')}
              </a>
            )}
          </div>
          <ConsentHistory
            consentId={consent.id}
            records={records.filter((r) => r.consentId === consent.id)}
            locale={locale}
          />
        </section>
      ))}
    </div>
  );
}
