import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { getDb } from '@/db';
import { listRecentEmails } from '@/db/queries/mail';
import { Link } from '@/i18n/link';
import { isDemo } from '@/lib/env';
import { param, parseSearchParams, type SearchParams } from '@/lib/input/search-params';

type Props = { params: Promise<{ locale: Locale }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'demoMailbox' });
  return { title: t('title'), robots: { index: false } };
}

/** Exists only in demo mode (DERBES_MODE unset or demo), so a newcomer can sign in by clicking the link here. */
export default async function DemoMailboxPage({ params, searchParams }: Props) {
  if (!isDemo()) notFound();
  setRequestLocale((await params).locale);
  const { to } = parseSearchParams(await searchParams, { to: param.text() }).values;
  const [t, format, emails] = await Promise.all([
    getTranslations('demoMailbox'),
    getFormatter(),
    listRecentEmails(getDb(), { to: to || undefined }),
  ]);
  const linkify = (text: string) =>
    text.split(/(https?:\/\/\S+)/g).map((part, i) =>
      /^https?:\/\//.test(part) ? (
        <a key={i} href={part}>
          {part}
        </a>
      ) : (
        part
      ),
    );

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t('title')}</h1>
      <p className="max-w-3xl text-slate-700">{t('lead')}</p>
      <form className="flex flex-wrap items-end gap-2" method="get">
        <label className="space-y-1">
          <span className="block text-sm font-medium">{t('filterLabel')}</span>
          <input name="to" type="email" defaultValue={to} className="field-input" />
        </label>
        <button type="submit" className="btn-secondary py-2">
          {t('filterSubmit')}
        </button>
        {to && (
          <Link href="/demo-mailbox" className="py-2 text-sm">
            {t('showAll')}
          </Link>
        )}
      </form>
      <p className="text-sm text-slate-600">{t('count', { count: emails.length })}</p>
      {emails.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <ul className="space-y-3">
          {emails.map((email) => (
            <li key={email.id} className="card p-0">
              <details>
                <summary className="cursor-pointer list-none p-4">
                  <span className="block font-medium">{email.subject}</span>
                  <span className="text-sm text-slate-600">
                    {t('to')}: {email.to} ·{' '}
                    {format.dateTime(email.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}
                  </span>
                </summary>
                <div className="whitespace-pre-wrap break-words border-t border-slate-200 p-4 text-sm">
                  {linkify(email.text)}
                </div>
              </details>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
