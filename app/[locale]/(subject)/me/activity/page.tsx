import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { ActionForm, SubmitButton } from '@/components/action-form';
import { getDb } from '@/db';
import type { RepresentativeRelationship } from '@/db/schema/representatives';
import { ACTIVITY_PAGE, activityFilters, type ActivityFilter } from '@/db/queries/activity';
import { Link } from '@/i18n/link';
import { describeActivity } from '@/lib/activity/describe';
import { listActivityFeed } from '@/lib/activity/feed';
import { requireSubject } from '@/lib/auth/session';
import { translatorFor } from '@/lib/i18n/translator';
import { param, parseSearchParams, type SearchParams } from '@/lib/input/search-params';
import { setActivityEmailsAction } from './actions';

type Props = { params: Promise<{ locale: Locale }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'activity' });
  return { title: t('title') };
}

/** Art. 8-2, 19, 22(1)(5): every action taken with my data, with when, by which role and why. */
export default async function ActivityPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const { subject } = await requireSubject();
  const [t, tr, format] = await Promise.all([
    getTranslations('activity'),
    getTranslations('representatives'),
    getFormatter(),
  ]);
  if (!subject) return <p className="text-slate-700">{t('none')}</p>;
  const { before, by: chosen } = parseSearchParams(await searchParams, {
    before: param.id(),
    by: param.oneOf(activityFilters),
  }).values;
  const by: ActivityFilter = chosen ?? 'all';
  const entries = await listActivityFeed(getDb(), subject.id, { before, by });
  const words = translatorFor(locale);
  // The filter travels in every link of the page, so it survives paging and a reload (no script needed).
  const href = (filter: ActivityFilter, cursor?: number) => {
    const query = new URLSearchParams();
    if (filter !== 'all') query.set('by', filter);
    if (cursor) query.set('before', String(cursor));
    const search = query.toString();
    return search ? `/me/activity?${search}` : '/me/activity';
  };

  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">{t('title')}</h1>
        <p className="text-slate-700">{t('lead')}</p>
      </header>

      <section aria-labelledby="notify" className="card space-y-2" data-no-print>
        <h2 id="notify" className="font-semibold">
          {t('notifyTitle')}
        </h2>
        <p className="text-sm text-slate-600">{t('notifyHelp')}</p>
        <ActionForm action={setActivityEmailsAction} className="flex flex-wrap items-center gap-3">
          <p className="text-sm font-medium">{subject.notifyActivity ? t('notifyOn') : t('notifyOff')}</p>
          <input type="hidden" name="notify" value={subject.notifyActivity ? 'off' : 'on'} />
          <SubmitButton
            label={subject.notifyActivity ? t('turnOff') : t('turnOn')}
            pendingLabel={t('saved')}
            className="btn-secondary py-1.5"
          />
        </ActionForm>
      </section>

      <nav aria-labelledby="activity-filter" className="flex flex-wrap items-center gap-2 text-sm" data-no-print>
        {/* The label is the navigation's name too: its words are the message's, no punctuation added here. */}
        <span id="activity-filter" className="font-medium">
          {t('filterLabel')}
        </span>
        {activityFilters.map((filter) => (
          <Link
            key={filter}
            href={href(filter)}
            aria-current={filter === by ? 'page' : undefined}
            className={filter === by ? 'btn-primary py-1 text-sm' : 'btn-secondary text-sm'}
          >
            {t(`filters.${filter}`)}
          </Link>
        ))}
      </nav>

      {entries.length === 0 ? (
        <p className="text-slate-700">{by === 'operator' ? t('noneOperator') : t('none')}</p>
      ) : (
        <ol className="card divide-y divide-slate-100 p-0">
          {entries.map((entry) => {
            const { action, actor, data } = describeActivity(words, entry, locale);
            // Names the event refers to are stored in all three languages (lib/audit/record.ts callers).
            const details = entry.details as {
              recipientName?: Record<string, string>;
              purposeName?: Record<string, string>;
              representative?: { fullName: string; relationship: RepresentativeRelationship };
            };
            const recipient = details.recipientName?.[locale];
            const purpose = details.purposeName?.[locale];
            return (
              <li key={entry.id} className="space-y-0.5 p-4">
                <p className="font-medium">{action}</p>
                <p className="text-sm text-slate-600">
                  {format.dateTime(entry.at, { dateStyle: 'long', timeStyle: 'short' })} · {t('by', { role: actor })}
                </p>
                {data && <p className="text-sm">{data}</p>}
                {purpose && <p className="text-sm">{purpose}</p>}
                {recipient && <p className="text-sm">{t('to', { recipient })}</p>}
                {details.representative && (
                  <p className="text-sm">
                    {tr('filedBy', {
                      name: details.representative.fullName,
                      relationship: tr(`relationships.${details.representative.relationship}`),
                    })}
                  </p>
                )}
                {entry.request ? (
                  <p className="text-sm text-slate-700">
                    {t.rich('request', {
                      reference: entry.request.reference,
                      link: (chunks) => (
                        <Link href={`/me/requests/${entry.request!.id}`} className="font-mono">
                          {chunks}
                        </Link>
                      ),
                    })}
                  </p>
                ) : (
                  entry.reason && <p className="text-sm text-slate-700">{t('why', { reason: entry.reason })}</p>
                )}
              </li>
            );
          })}
        </ol>
      )}
      <nav className="flex gap-4 text-sm" data-no-print>
        {before !== null && <Link href={href(by)}>{t('newest')}</Link>}
        {entries.length === ACTIVITY_PAGE && <Link href={href(by, entries.at(-1)!.id)}>{t('older')}</Link>}
      </nav>
    </div>
  );
}
