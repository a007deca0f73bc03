import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { ActionForm, SubmitButton } from '@/components/action-form';
import { SubjectPicker } from '@/components/subject-picker';
import { getDb } from '@/db';
import { findRequestFormOptions } from '@/db/queries/subject-requests';
import { findSubjectForStaff } from '@/db/queries/subjects';
import { listRecipients, listTransfers } from '@/db/queries/transfers';
import { crossBorderBases } from '@/db/schema/inventory';
import { Link } from '@/i18n/link';
import { can } from '@/lib/auth/permissions';
import { requireStaff } from '@/lib/auth/session';
import { formatterFor } from '@/lib/i18n/translator';
import { param, parseSearchParams, type SearchParams } from '@/lib/input/search-params';
import { recordTransferAction } from './actions';
import { ScrollRegion } from '@/components/scroll-region';

type Props = { params: Promise<{ locale: Locale }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'compliance.transfers' });
  return { title: t('title') };
}

/** Art. 19, 22(1)(5): register transfers and keep the subject's notice on time. */
export default async function TransfersPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requireStaff('transfers.view');
  const mayRecord = can(staff.role, 'transfers.record');
  const { q, subject: subjectId } = parseSearchParams(await searchParams, {
    q: param.text(),
    subject: param.uuid(),
  }).values;
  const db = getDb();
  const [t, tc, tl, format, recipients, register] = await Promise.all([
    getTranslations('compliance.transfers'),
    getTranslations('crossBorderBasis'),
    getTranslations('subjectLanguage'),
    getFormatter(),
    listRecipients(db),
    listTransfers(db),
  ]);
  const subject = subjectId ? await findSubjectForStaff(db, subjectId) : null;
  const options = subject && mayRecord ? await findRequestFormOptions(db, subject.id) : null;
  const country = formatterFor(locale).country;
  const date = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">{t('title')}</h1>
        <p className="text-slate-600">{t('lead')}</p>
      </header>

      {mayRecord && (
        <section aria-labelledby="record" className="space-y-3">
          <h2 id="record" className="text-lg font-semibold">
            {t('record')}
          </h2>
          {!subject || !options ? (
            <SubjectPicker
              path="/admin/transfers"
              query={q}
              labels={{
                search: t('subjectSearch'),
                help: t('subjectSearchHelp'),
                submit: t('find'),
                choose: t('choose'),
                none: '—',
              }}
            />
          ) : (
            <ActionForm action={recordTransferAction} className="card space-y-3 text-sm">
              <p className="flex flex-wrap justify-between gap-2 font-medium">
                {t('forSubject', { name: subject.fullName ?? subject.email ?? '—' })}
                <Link href="/admin/transfers" className="font-normal">
                  {t('other')}
                </Link>
              </p>
              <input type="hidden" name="subjectId" value={subject.id} />
              <div className="space-y-1">
                <label htmlFor="recipientId" className="block font-medium">
                  {t('recipient')}
                </label>
                <select id="recipientId" name="recipientId" className="field-input" required>
                  {recipients.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name[locale]} — {country(r.country)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="space-y-1">
                <label htmlFor="transferredAt" className="block font-medium">
                  {t('date')}
                </label>
                <input
                  id="transferredAt"
                  name="transferredAt"
                  type="datetime-local"
                  required
                  aria-describedby="transferredAt-help"
                  className="field-input"
                />
                <p id="transferredAt-help" className="text-slate-600">
                  {t('dateHelp')}
                </p>
              </div>
              <fieldset className="space-y-1">
                <legend className="font-medium">{t('items')}</legend>
                {options.items
                  .filter((i) => i.state === 'active')
                  .map((item) => (
                    <label key={item.id} className="flex items-center gap-2">
                      <input type="checkbox" name="items" value={item.id} className="size-4" />
                      {item.categoryName[locale]}
                    </label>
                  ))}
              </fieldset>
              <div className="space-y-1">
                <label htmlFor="basis" className="block font-medium">
                  {t('basis')}
                </label>
                {/* The basis is quoted in the subject's Art. 19 notice: written in their language. */}
                <p id="basis-language" className="text-slate-600">
                  {tl('writeIn', { language: tl('name', { locale: subject.locale }) })}
                </p>
                <input
                  id="basis"
                  name="basis"
                  required
                  maxLength={500}
                  placeholder={t('basisHelp')}
                  aria-describedby="basis-language"
                  className="field-input"
                />
              </div>
              <div className="space-y-1">
                <label htmlFor="crossBorderBasis" className="block font-medium">
                  {t('crossBorderBasis')}
                </label>
                <select
                  id="crossBorderBasis"
                  name="crossBorderBasis"
                  className="field-input"
                  defaultValue=""
                  aria-describedby="crossBorderHelp"
                >
                  <option value="">—</option>
                  {crossBorderBases.map((b) => (
                    <option key={b} value={b}>
                      {tc(b)}
                    </option>
                  ))}
                </select>
                <p id="crossBorderHelp" className="text-slate-600">
                  {t('crossBorderHelp')}
                </p>
              </div>
              <SubmitButton label={t('submit')} pendingLabel={t('submit')} />
            </ActionForm>
          )}
        </section>
      )}

      <section aria-labelledby="register" className="card space-y-3">
        <h2 id="register" className="text-lg font-semibold">
          {t('list')}
        </h2>
        {register.length === 0 ? (
          <p className="text-slate-600">{t('none')}</p>
        ) : (
          <ScrollRegion labelledBy="register" className="-mx-4 px-4">
            <table className="w-full min-w-[640px] text-left text-sm">
              <thead>
                <tr className="border-b border-slate-200 text-slate-600">
                  <th scope="col" className="py-1 pr-3 font-medium">
                    {t('when')}
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    {t('subject')}
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    {t('to')}
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    {t('basis')}
                  </th>
                  <th scope="col" className="py-1 font-medium">
                    {t('notice')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {register.map((row) => (
                  <tr key={row.id} className="border-b border-slate-100 align-top">
                    <td className="py-1 pr-3 whitespace-nowrap">{date(row.transferredAt)}</td>
                    <td className="py-1 pr-3">{row.subjectName ?? row.subjectEmail}</td>
                    <td className="py-1 pr-3">
                      {row.recipientName[locale]} ({country(row.country)})
                      {row.crossBorderBasis && ` — ${tc(row.crossBorderBasis)}`}
                    </td>
                    <td className="py-1 pr-3">{row.basis}</td>
                    <td className="py-1">
                      {row.noticeByPost
                        ? row.noticeSentAt
                          ? t('noticeByPostSent', { date: date(row.noticeSentAt) })
                          : t('noticeByPostPending', { date: date(row.noticeDueAt ?? row.transferredAt) })
                        : row.noticeSentAt
                          ? t('noticeByEmailSent', { date: date(row.noticeSentAt) })
                          : row.noticeDueAt
                            ? t('noticeDue', { date: date(row.noticeDueAt) })
                            : t('noticeNone')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>
    </div>
  );
}
