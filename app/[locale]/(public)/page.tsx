import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getTranslations } from '@/i18n/server';
import { getDb } from '@/db';
import type { DeadlineCode } from '@/db/schema/calendar';
import { Link } from '@/i18n/link';
import { isStaffRole } from '@/lib/auth/permissions';
import { getSessionUser } from '@/lib/auth/session';
import { deadlineWorkingDaysOf } from '@/lib/deadlines/policy';
import { getOperatorProfile } from '@/lib/operator';

type Props = { params: Promise<{ locale: Locale }> };

export default async function HomePage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const [t, tt, operator, policies, user] = await Promise.all([
    getTranslations('home'),
    getTranslations('requestType'),
    getOperatorProfile(),
    deadlineWorkingDaysOf(getDb()),
    getSessionUser(),
  ]);
  const days = (code: DeadlineCode) => policies.get(code) ?? 1;
  const operatorName = operator?.name[locale] ?? '';

  // Keyed by a short code: a key travels in the page's payload, and a title is a sentence.
  const rights: { key: string; title: string; deadline: string }[] = [
    { key: 'ACCESS', title: t('rightAccess'), deadline: t('rightAccessDeadline', { days: days('ACCESS') }) },
    ...(['RECTIFY', 'BLOCK', 'DESTROY', 'WITHDRAW', 'PUBLIC_REMOVE', 'OBJECT_AUTO'] as const).map((code) => ({
      key: code,
      title: tt(code),
      deadline: t('rightDeadline', { days: days(code) }),
    })),
    { key: 'ACTIVITY', title: t('rightActivity'), deadline: '' },
  ];

  return (
    <div className="space-y-10">
      <section className="space-y-4">
        <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">{t('title')}</h1>
        <p className="max-w-3xl text-lg text-slate-700">{t('lead', { operator: operatorName })}</p>
        <p>
          {user?.role === 'subject' ? (
            <Link href="/me" className="btn-primary">
              {t('goToMyData')}
            </Link>
          ) : isStaffRole(user?.role) ? (
            <Link href="/admin" className="btn-primary">
              {t('goToBackOffice')}
            </Link>
          ) : (
            <Link href="/sign-in" className="btn-primary">
              {t('signInCta')}
            </Link>
          )}
        </p>
      </section>

      <section aria-labelledby="rights" className="space-y-3">
        <h2 id="rights" className="text-xl font-semibold">
          {t('rightsTitle')}
        </h2>
        <ul className="rights-list">
          {rights.map((right) => (
            <li key={right.key}>
              <p>{right.title}</p>
              {right.deadline && <p>{right.deadline}</p>}
            </li>
          ))}
        </ul>
      </section>

      <div className="grid gap-6 md:grid-cols-2">
        <section aria-labelledby="operator" className="card">
          <h2 id="operator" className="mb-3 text-xl font-semibold">
            {t('operatorTitle')}
          </h2>
          {operator ? (
            <dl className="terms space-y-2 text-sm">
              <div>
                <dt>{t('operatorName')}</dt>
                <dd className="font-medium">{operatorName}</dd>
              </div>
              <div>
                <dt>{t('operatorBin')}</dt>
                <dd className="font-mono">{operator.bin}</dd>
              </div>
              <div>
                <dt>{t('operatorAddress')}</dt>
                <dd>{operator.address[locale]}</dd>
              </div>
              <div>
                <dt>{t('operatorContacts')}</dt>
                <dd>
                  <a href={`mailto:${operator.email}`}>{operator.email}</a> ·{' '}
                  <a href={`tel:${operator.phone.replace(/\s/g, '')}`}>{operator.phone}</a>
                </dd>
              </div>
              <div>
                <dt>{t('storage')}</dt>
                <dd>{operator.storageLocation[locale]}</dd>
              </div>
            </dl>
          ) : (
            <p className="text-sm text-slate-600">{t('notConfigured')}</p>
          )}
        </section>

        {operator && (
          <section aria-labelledby="responsible" className="card">
            <h2 id="responsible" className="mb-3 text-xl font-semibold">
              {t('responsibleTitle')}
            </h2>
            <p className="font-medium">{operator.responsibleName}</p>
            <p className="text-sm text-slate-600">{operator.responsiblePosition[locale]}</p>
            <p className="mt-2 text-sm">
              <a href={`mailto:${operator.responsibleEmail}`}>{operator.responsibleEmail}</a>
              <br />
              <a href={`tel:${operator.responsiblePhone.replace(/\s/g, '')}`}>{operator.responsiblePhone}</a>
            </p>
          </section>
        )}
      </div>

      <section aria-labelledby="how" className="space-y-3">
        <h2 id="how" className="text-xl font-semibold">
          {t('howToSignInTitle')}
        </h2>
        <ol className="list-decimal space-y-1 pl-6 text-slate-700">
          <li>{t('howToSignIn1', { operator: operatorName })}</li>
          <li>{t('howToSignIn2')}</li>
          <li>{t('howToSignIn3')}</li>
        </ol>
      </section>
    </div>
  );
}
