import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { ActionForm } from '@/components/action-form';
import { ConfirmStep } from '@/components/confirm-step';
import { getDb } from '@/db';
import { listLiveSessions } from '@/db/queries/sessions';
import { findConfirmedFactors } from '@/lib/auth/second-factor';
import { requireStaff } from '@/lib/auth/session';
import { endAllSessionsAction } from './actions';
import { ScrollRegion } from '@/components/scroll-region';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'account' });
  return { title: t('title') };
}

/** A staff member's own account: their second factor, and the browsers signed in as them. */
export default async function AccountPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requireStaff('backoffice.enter');
  const db = getDb();
  const [t, tc, format, factors, live] = await Promise.all([
    getTranslations('account'),
    getTranslations('common'),
    getFormatter(),
    findConfirmedFactors(db, user.id),
    listLiveSessions(db, user.id, new Date()),
  ]);
  const when = (date: Date) =>
    format.dateTime(date, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Almaty' });

  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold">{t('title')}</h1>
      <section className="card space-y-2" aria-labelledby="factor">
        <h2 id="factor" className="text-lg font-semibold">
          {t('factorTitle')}
        </h2>
        <ul className="list-disc pl-5">
          {factors.map((f) => (
            <li key={f.id}>{t(f.kind === 'totp' ? 'factorApp' : 'factorPasskey', { date: when(f.confirmedAt!) })}</li>
          ))}
        </ul>
        <p className="text-sm text-slate-600">{t('factorHelp')}</p>
      </section>
      <section className="card space-y-3" aria-labelledby="sessions">
        <h2 id="sessions" className="text-lg font-semibold">
          {t('sessionsTitle')}
        </h2>
        <p className="text-sm text-slate-600">{t('sessionsLead')}</p>
        <ScrollRegion labelledBy="sessions">
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-slate-200">
                <th scope="col" className="py-2 pr-3">
                  {t('signedInAt')}
                </th>
                <th scope="col" className="py-2 pr-3">
                  {t('lastSeenAt')}
                </th>
                <th scope="col" className="py-2">
                  {t('client')}
                </th>
              </tr>
            </thead>
            <tbody>
              {live.map((s) => (
                <tr key={s.tokenHash} className="border-b border-slate-100 align-top">
                  <td className="py-2 pr-3 whitespace-nowrap">
                    {when(s.createdAt)}
                    {s.tokenHash === user.sessionId && (
                      <span className="ml-2 rounded bg-emerald-100 px-1.5 text-xs text-emerald-900">
                        {t('current')}
                      </span>
                    )}
                  </td>
                  <td className="py-2 pr-3 whitespace-nowrap">{when(s.lastSeenAt)}</td>
                  <td className="py-2 break-words">
                    {s.clientAddress ?? t('unknown')} · {s.userAgent ?? t('unknown')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
        <ActionForm action={endAllSessionsAction} className="space-y-2">
          <p className="text-sm text-slate-600">{t('endAllHelp')}</p>
          <input type="hidden" name="scope" value="all" />
          {/* Signs this browser out too: the first press asks, "Yes" ends them. */}
          <ConfirmStep
            ask={t('endAll')}
            question={t('endAllQuestion')}
            yes={t('endAllConfirm')}
            pending={t('ending')}
            no={tc('confirmNo')}
          />
        </ActionForm>
      </section>
    </div>
  );
}
