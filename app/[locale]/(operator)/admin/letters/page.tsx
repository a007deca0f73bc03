import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { ActionForm, SubmitButton } from '@/components/action-form';
import { getDb } from '@/db';
import { localePath } from '@/i18n/paths';
import { can } from '@/lib/auth/permissions';
import { requireStaff } from '@/lib/auth/session';
import { listPendingLetters } from '@/lib/letters/letters';
import { markLetterPostedAction } from './actions';
import { ScrollRegion } from '@/components/scroll-region';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'letters' });
  return { title: t('title') };
}

/** Notices for subjects without e-mail: print, post, mark posted (agent, dpo); the auditor reads. */
export default async function LettersPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requireStaff('letters.view');
  const mayPost = can(staff.role, 'letters.post');
  const [t, format, pending] = await Promise.all([
    getTranslations('letters'),
    getFormatter(),
    listPendingLetters(getDb()),
  ]);
  const date = (d: Date) => format.dateTime(d, { dateStyle: 'medium' });

  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">{t('title')}</h1>
        <p className="text-slate-600">{t('lead')}</p>
      </header>
      <section aria-labelledby="pending" className="card space-y-3">
        <h2 id="pending" className="sr-only">
          {t('title')}
        </h2>
        {pending.length === 0 ? (
          <p className="text-slate-600">{t('none')}</p>
        ) : (
          <ScrollRegion labelledBy="pending" className="-mx-4 px-4">
            <table className="w-full min-w-[720px] text-left text-sm">
              <thead>
                <tr className="border-b border-slate-200 text-slate-600">
                  <th scope="col" className="py-1 pr-3 font-medium">
                    {t('created')}
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    {t('letter')}
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    {t('recipient')}
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    {t('address')}
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    {t('due')}
                  </th>
                  <th scope="col" className="py-1 font-medium">
                    {t('actions')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {pending.map((letter) => (
                  <tr key={letter.id} className="border-b border-slate-100 align-top">
                    <td className="py-1 pr-3 whitespace-nowrap">{date(letter.createdAt)}</td>
                    <td className="py-1 pr-3">
                      {t('kind', { kind: letter.kind })}
                      {letter.reference && <span className="block text-slate-600">{letter.reference}</span>}
                    </td>
                    <td className="py-1 pr-3">{letter.recipientName ?? '—'}</td>
                    <td className="py-1 pr-3 whitespace-pre-line">{letter.postalAddress ?? t('noAddress')}</td>
                    <td className="py-1 pr-3 whitespace-nowrap">{letter.dueAt ? date(letter.dueAt) : '—'}</td>
                    <td className="space-y-2 py-1">
                      <a href={localePath(locale, `/admin/letters/${letter.id}/pdf`)} className="block" download>
                        {t('download')}
                      </a>
                      {mayPost && (
                        <ActionForm action={markLetterPostedAction}>
                          <input type="hidden" name="letterId" value={letter.id} />
                          <SubmitButton label={t('markPosted')} pendingLabel={t('markPosted')} />
                        </ActionForm>
                      )}
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
