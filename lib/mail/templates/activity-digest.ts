import type { ActivityEntry } from '@/db/queries/activity';
import type { LocalizedText } from '@/db/schema/columns';
import { describeActivity } from '@/lib/activity/describe';
import { renderLayout, type EmailContext, type RenderedEmail } from './layout';

const LINES = 20;

/**
 * Art. 8-2(2): new actions with the subject's data, grouped in one e-mail (at most one an hour).
 * It names the categories of data concerned, all of them up front and each line its own, in the
 * subject's language; never a value.
 */
export function renderActivityDigest(
  context: EmailContext,
  events: (Pick<ActivityEntry, 'at' | 'action' | 'actorRole' | 'details'> & { categories?: LocalizedText[] })[],
): RenderedEmail {
  const { t, f, locale } = context;
  const lines = events.slice(0, LINES).map((e) => {
    const { action, actor, data } = describeActivity(t, e, locale);
    const date = f.dateTime(e.at, 'dateTime');
    return data
      ? t('email.activityDigest.lineWithData', { date, action, actor, data })
      : t('email.activityDigest.line', { date, action, actor });
  });
  if (events.length > LINES) lines.push(t('email.activityDigest.more', { count: events.length - LINES }));
  const names = [...new Set(events.flatMap((e) => e.categories?.map((name) => name[locale]) ?? []))];
  const concerned = names.length
    ? [
        t('email.activityDigest.categories', {
          categories: new Intl.ListFormat(locale, { type: 'conjunction' }).format(names),
        }),
      ]
    : [];
  return renderLayout(context, {
    subject: t('email.activityDigest.subject'),
    heading: t('email.activityDigest.heading'),
    paragraphs: [
      t('email.activityDigest.intro', { count: events.length }),
      ...concerned,
      ...lines,
      t('email.activityDigest.optOut'),
    ],
    action: { label: t('email.activityDigest.action'), url: context.link('/me/activity') },
  });
}
