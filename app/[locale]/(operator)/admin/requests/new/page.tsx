import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getTranslations } from '@/i18n/server';
import { ActionForm, FieldError, SubmitButton } from '@/components/action-form';
import { RequestFields } from '@/components/request-fields';
import { SubjectPicker } from '@/components/subject-picker';
import { getDb } from '@/db';
import { listSubjectConsents } from '@/db/queries/consents';
import { findRequestFormOptions } from '@/db/queries/subject-requests';
import { findSubjectForStaff } from '@/db/queries/subjects';
import { requestTypes } from '@/db/schema/requests';
import { locales } from '@/db/schema/subjects';
import { Link } from '@/i18n/link';
import { requireStaff } from '@/lib/auth/session';
import { recordIntakeView } from '@/lib/backoffice/views';
import { ACCEPTED_FILES, MAX_FILES, MAX_FILE_BYTES } from '@/lib/files/limits';
import { param, parseSearchParams, type SearchParams } from '@/lib/input/search-params';
import { slugOf, typeOfSlug } from '@/lib/requests/types';
import { registerIntakeAction } from './actions';
import { IntakeRepresentativeFields } from './representative-fields';

type Props = {
  params: Promise<{ locale: Locale }>;
  searchParams: Promise<SearchParams>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'backoffice.intake' });
  return { title: t('title') };
}

/** Art. 10(2): staff register a paper or e-mail request for a subject: find them, choose the type, fill it in. */
export default async function IntakePage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requireStaff('requests.intake');
  const {
    q,
    subject: subjectId,
    type: slug,
  } = parseSearchParams(await searchParams, {
    q: param.text(),
    subject: param.uuid(),
    type: param.text(40),
  }).values;
  const [t, tt, tr, tc, tl] = await Promise.all([
    getTranslations('backoffice.intake'),
    getTranslations('requestType'),
    getTranslations('requests'),
    getTranslations('backoffice.request'),
    getTranslations('subjectLanguage'),
  ]);
  const db = getDb();
  const subject = subjectId ? await findSubjectForStaff(db, subjectId) : null;
  const type = slug ? typeOfSlug(slug) : null;

  const header = (
    <header className="space-y-1">
      <h1 className="text-2xl font-bold">{t('title')}</h1>
      <p className="text-slate-600">{t('lead')}</p>
    </header>
  );

  if (!subject) {
    return (
      <div className="max-w-3xl space-y-5">
        {header}
        <SubjectPicker
          path="/admin/requests/new"
          query={q}
          labels={{
            search: t('searchLabel'),
            help: t('searchHelp'),
            submit: t('searchSubmit'),
            choose: t('choose'),
            none: t('noResults'),
          }}
        />
      </div>
    );
  }

  // Showing the subject's items to fill in the form is a view of their data (Art. 8-2).
  const [options, consents] = await Promise.all([
    findRequestFormOptions(db, subject.id),
    listSubjectConsents(db, subject.id),
  ]);
  if (type) await db.transaction((tx) => recordIntakeView(tx, staff, subject.id));

  return (
    <div className="max-w-3xl space-y-5">
      {header}
      <p className="card flex flex-wrap items-center justify-between gap-2">
        <span className="font-medium">{t('forSubject', { name: subject.fullName ?? subject.email ?? '—' })}</span>
        <Link href="/admin/requests/new">{t('otherSubject')}</Link>
      </p>
      <nav aria-label={t('type')} className="flex flex-wrap gap-2">
        {requestTypes.map((rt) => (
          <Link
            key={rt}
            href={`/admin/requests/new?subject=${subject.id}&type=${slugOf(rt)}`}
            aria-current={rt === type ? 'page' : undefined}
            className={rt === type ? 'btn-primary py-1 text-sm' : 'btn-secondary text-sm'}
          >
            {tt(rt)}
          </Link>
        ))}
      </nav>
      {type && (
        <ActionForm
          action={registerIntakeAction}
          className="card space-y-5"

          fileLimits={{
            maxBytes: MAX_FILE_BYTES,
            maxFiles: MAX_FILES,
            tooBig: tr('errors.fileSizeAny'),
            tooMany: tr('errors.fileCount'),
          }}
        >
          <input type="hidden" name="subjectId" value={subject.id} />
          <input type="hidden" name="type" value={type} />
          <input type="hidden" name="idempotencyKey" value={randomUUID()} />
          <div className="grid gap-3 sm:grid-cols-2">
            <label className="space-y-1 text-sm">
              <span className="block font-medium">{t('channel')}</span>
              <select name="channel" className="field-input" defaultValue="paper">
                <option value="paper">{tc('channels.paper')}</option>
                <option value="email">{tc('channels.email')}</option>
              </select>
            </label>
            <label className="space-y-1 text-sm">
              <span className="block font-medium">{t('receivedAt')}</span>
              <input name="receivedAt" type="datetime-local" required className="field-input" />
              <span className="block text-slate-600">{t('receivedAtHelp')}</span>
              <FieldError name="receivedAt" />
            </label>
          </div>
          {!subject.email && (
            // No e-mail: every notice about this request is a letter (lib/mail/subject-email.ts).
            <fieldset className="space-y-3">
              <legend className="font-medium">{t('letters.title')}</legend>
              <p className="text-sm text-slate-600">{t('letters.help')}</p>
              <label className="block space-y-1 text-sm">
                <span className="block font-medium">{t('letters.address')}</span>
                <textarea
                  name="postalAddress"
                  required
                  rows={3}
                  maxLength={500}
                  defaultValue={subject.postalAddress ?? ''}
                  className="field-input"
                />
                <FieldError name="postalAddress" />
              </label>
              <label className="block space-y-1 text-sm">
                <span className="block font-medium">{t('letters.language')}</span>
                <select name="letterLocale" className="field-input" defaultValue={subject.locale}>
                  {locales.map((l) => (
                    <option key={l} value={l}>
                      {tl('name', { locale: l })}
                    </option>
                  ))}
                </select>
              </label>
            </fieldset>
          )}
          <RequestFields type={type} locale={locale} options={options} consents={consents} />
          <IntakeRepresentativeFields />
          <div className="space-y-1">
            <label htmlFor="files" className="block font-medium">
              {t('scan')}
            </label>
            <p className="text-sm text-slate-600">{t('scanHelp')}</p>
            <input
              id="files"
              name="files"
              type="file"
              multiple
              accept={ACCEPTED_FILES}
              className="block w-full text-sm"
            />
            <FieldError name="files" />
          </div>
          <SubmitButton label={t('submit')} pendingLabel={t('submit')} />
        </ActionForm>
      )}
    </div>
  );
}
