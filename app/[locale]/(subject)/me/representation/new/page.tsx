import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { ActionForm, FieldError, SubmitButton } from '@/components/action-form';
import { getDb } from '@/db';
import { representativeRelationships } from '@/db/schema/representatives';
import { Link } from '@/i18n/link';
import { requireSubject } from '@/lib/auth/session';
import { computeDueAtFor } from '@/lib/deadlines/policy';
import { ACCEPTED_FILES, MAX_FILES, MAX_FILE_BYTES } from '@/lib/files/limits';
import { MAX_TEXT_LENGTH } from '@/lib/requests/values';
import { fileOnBehalfAction } from './actions';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'representatives.new' });
  return { title: t('title') };
}

/** Art. 24, 10(2): a representative asks what the operator holds about the person they represent. */
export default async function OnBehalfPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const { subject } = await requireSubject();
  const [t, tr, format] = await Promise.all([
    getTranslations('representatives'),
    getTranslations('requests'),
    getFormatter(),
  ]);
  const { dueAt, workingDays: days } = await computeDueAtFor(getDb(), 'ACCESS', new Date());
  const field = 'field-input';
  return (
    <div className="max-w-2xl space-y-6">
      <p data-no-print>
        <Link href="/me/representation">← {t('mine.title')}</Link>
      </p>
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">{t('new.title')}</h1>
        <p className="text-slate-700">{t('new.lead')}</p>
      </header>
      <section aria-labelledby="what-happens" className="rounded border border-brand-100 bg-brand-50 p-4 text-sm">
        <h2 id="what-happens" className="font-semibold">
          {tr('form.whatHappens')}
        </h2>
        <p>{tr('types.ACCESS.will')}</p>
        <p className="mt-1">{tr('form.byWhen', { date: format.dateTime(dueAt, { dateStyle: 'long' }), days })}</p>
      </section>
      <ActionForm
        action={fileOnBehalfAction}
        className="card space-y-5"

        fileLimits={{
          maxBytes: MAX_FILE_BYTES,
          maxFiles: MAX_FILES,
          tooBig: tr('errors.fileSizeAny'),
          tooMany: tr('errors.fileCount'),
        }}
      >
        <input type="hidden" name="idempotencyKey" value={randomUUID()} />
        <label className="block space-y-1">
          <span className="block font-medium">{t('form.yourName')}</span>
          <input
            name="representativeName"
            required
            maxLength={200}
            autoComplete="name"
            defaultValue={subject?.fullName ?? ''}
            className={field}
          />
          <FieldError name="representativeName" />
        </label>
        <label className="block space-y-1">
          <span className="block font-medium">{t('form.representedName')}</span>
          <input name="fullName" required maxLength={200} autoComplete="off" className={field} />
          <FieldError name="fullName" />
        </label>
        <label className="block space-y-1">
          <span className="block font-medium">{t('form.representedIin')}</span>
          <input
            name="iin"
            required
            inputMode="numeric"
            pattern="[0-9]{12}"
            maxLength={12}
            autoComplete="off"
            className={`${field} font-mono`}
          />
          <FieldError name="iin" />
        </label>
        <fieldset className="space-y-1">
          <legend className="font-medium">{t('form.youAct')}</legend>
          {representativeRelationships.map((r) => (
            <label key={r} className="flex items-center gap-2">
              <input type="radio" name="relationship" value={r} required />
              <span>{t(`relationships.${r}`)}</span>
            </label>
          ))}
          <FieldError name="relationship" />
        </fieldset>
        <label className="block space-y-1">
          <span className="block font-medium">{t('form.question')}</span>
          <textarea name="description" rows={3} maxLength={MAX_TEXT_LENGTH} className={field} />
          <FieldError name="description" />
        </label>
        <div className="space-y-1">
          <label htmlFor="files" className="block font-medium">
            {t('form.document')}
          </label>
          <p id="files-help" className="text-sm text-slate-600">
            {t('form.documentHelp')}
          </p>
          <input
            id="files"
            name="files"
            type="file"
            multiple
            required
            accept={ACCEPTED_FILES}
            aria-describedby="files-help"
            className="block w-full text-sm"
          />
          <FieldError name="files" />
        </div>
        <SubmitButton label={t('form.submit')} pendingLabel={t('form.submitting')} />
      </ActionForm>
    </div>
  );
}
