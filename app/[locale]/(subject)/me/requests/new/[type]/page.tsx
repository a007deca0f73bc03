import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { ActionForm, FieldError, SubmitButton } from '@/components/action-form';
import { RequestFields } from '@/components/request-fields';
import { getDb } from '@/db';
import { computeDueAtFor } from '@/lib/deadlines/policy';
import { Link } from '@/i18n/link';
import { requireSubject } from '@/lib/auth/session';
import { ACCEPTED_FILES, MAX_FILES, MAX_FILE_BYTES } from '@/lib/files/limits';
import { param, parseSearchParams, type SearchParams } from '@/lib/input/search-params';
import { findRequestOffer } from '@/lib/requests/offer';
import { slugOf, typeOfSlug, whyNotOffered } from '@/lib/requests/types';
import { fileRequestAction } from './actions';

type Props = { params: Promise<{ locale: Locale; type: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, type } = await params;
  const requestType = typeOfSlug(type);
  const t = await getTranslations({ locale, namespace: 'requests' });
  return { title: requestType ? t(`types.${requestType}.title`) : t('newTitle') };
}

/**
 * One form per request type: what will happen and by when, the fields it needs, localized errors.
 * A type that does not apply to someone the operator holds nothing about says why, and points to
 * the one that does (ACCESS), instead of a form with nothing to pick.
 */
export default async function RequestFormPage({ params, searchParams }: Props) {
  const { locale, type: slug } = await params;
  setRequestLocale(locale);
  const type = typeOfSlug(slug);
  if (!type) notFound();
  const { subject } = await requireSubject();
  const db = getDb();
  const [t, format, { options, consents, held }, { dueAt, workingDays: days }] = await Promise.all([
    getTranslations('requests'),
    getFormatter(),
    findRequestOffer(db, subject?.id ?? null),
    computeDueAtFor(db, type, new Date()),
  ]);
  const notOffered = whyNotOffered(type, held);
  if (notOffered) {
    return (
      <div className="max-w-2xl space-y-6">
        <p data-no-print>
          <Link href="/me/requests/new">← {t('form.back')}</Link>
        </p>
        <header className="space-y-2">
          <h1 className="text-2xl font-bold">{t(`types.${type}.title`)}</h1>
          <p role="note" className="rounded border border-amber-200 bg-amber-50 p-3 text-amber-900">
            {t(`form.${notOffered}`)}
          </p>
        </header>
        <p>
          <Link href={`/me/requests/new/${slugOf('ACCESS')}`} className="btn-primary">
            {t('askAccess')}
          </Link>
        </p>
      </div>
    );
  }
  // `?item=` (My data's "Request its destruction"): ticked only when it is one of the subject's own
  // items the form lists; anyone else's id, or a destroyed item, is ignored and never shown.
  const { item } = parseSearchParams(await searchParams, { item: param.uuid() }).values;
  const preselected = options.items.filter((own) => own.id === item).map((own) => own.id);
  return (
    <div className="max-w-2xl space-y-6">
      <p data-no-print>
        <Link href="/me/requests/new">← {t('form.back')}</Link>
      </p>
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">{t(`types.${type}.title`)}</h1>
        <p className="text-slate-700">{t(`types.${type}.help`)}</p>
      </header>
      <section aria-labelledby="what-happens" className="rounded border border-brand-100 bg-brand-50 p-4 text-sm">
        <h2 id="what-happens" className="font-semibold">
          {t('form.whatHappens')}
        </h2>
        <p>{t(`types.${type}.will`)}</p>
        <p className="mt-1">{t('form.byWhen', { date: format.dateTime(dueAt, { dateStyle: 'long' }), days })}</p>
      </section>

      <ActionForm
        action={fileRequestAction}
        className="card space-y-5"

        fileLimits={{
          maxBytes: MAX_FILE_BYTES,
          maxFiles: MAX_FILES,
          tooBig: t('errors.fileSizeAny'),
          tooMany: t('errors.fileCount'),
        }}
      >
        <input type="hidden" name="type" value={type} />
        <input type="hidden" name="idempotencyKey" value={randomUUID()} />

        <RequestFields type={type} locale={locale} options={options} consents={consents} preselected={preselected} />

        {type !== 'WITHDRAW' && (
          <div className="space-y-1">
            <label htmlFor="files" className="block font-medium">
              {t('form.files')}
            </label>
            <p id="files-help" className="text-sm text-slate-600">
              {t('form.filesHelp')}
            </p>
            <input
              id="files"
              name="files"
              type="file"
              multiple
              accept={ACCEPTED_FILES}
              aria-describedby="files-help"
              className="block w-full text-sm"
            />
            <FieldError name="files" />
          </div>
        )}

        <SubmitButton label={t('form.submit')} pendingLabel={t('form.submitting')} />
      </ActionForm>
    </div>
  );
}
