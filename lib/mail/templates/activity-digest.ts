import type { ActivityEntry } from '@/db/queries/activity';
import { describeActivity } from '@/lib/activity/describe';
import { renderLayout, type EmailContext, type RenderedEmail } from './layout';

const LINES = 20;

/** Art. 8-2(2): new actions with the subject's data, grouped in one e-mail (at most one an hour). */
export function renderActivityDigest(
  context: EmailContext,
  events: Pick<ActivityEntry, 'at' | 'action' | 'actorRole' | 'details'>[],
): RenderedEmail {
  const { t, f } = context;
  const lines = events.slice(0, LINES).map((e) => {
    const { action, actor } = describeActivity(t, e, context.locale);
    return t('email.activityDigest.line', { date: f.dateTime(e.at, 'dateTime'), action, actor });
  });
  if (events.length > LINES) lines.push(t('email.activityDigest.more', { count: events.length - LINES }));
  return renderLayout(context, {
    subject: t('email.activityDigest.subject'),
    heading: t('email.activityDigest.heading'),
    paragraphs: [t('email.activityDigest.intro', { count: events.length }), ...lines, t('email.activityDigest.optOut')],
    action: { label: t('email.activityDigest.action'), url: context.link('/me/activity') },
  });
}
