import { getFormatter, getTranslations } from '@/i18n/server';
import type { StaffRequestDetail } from '@/db/queries/staff-requests';
import type { Locale } from '@/db/schema/subjects';
import { localePath } from '@/i18n/paths';

/** What happened to the request, in order: the subject's and staff's steps, internal notes marked, documents linked. */
export async function Timeline({ detail, locale }: { detail: StaffRequestDetail; locale: Locale }) {
  const [t, te, ts, tr, format] = await Promise.all([
    getTranslations('backoffice.request'),
    getTranslations('backoffice.events'),
    getTranslations('requestState'),
    getTranslations('roles'),
    getFormatter(),
  ]);
  const { request } = detail;
  const dateTime = (d: Date) => format.dateTime(d, { dateStyle: 'long', timeStyle: 'short' });
  const documents = (eventId: number) => detail.attachments.filter((a) => a.eventId === eventId);
  return (
    <section aria-labelledby="timeline" className="card">
      <h2 id="timeline" className="mb-3 text-lg font-semibold">
        {t('timelineTitle')}
      </h2>
      <ol className="space-y-3 text-sm">
        {detail.events.map(({ event, actorName, actorEmail }) => (
          <li
            key={event.id}
            className={`rounded p-2 ${event.visibility === 'internal' ? 'bg-amber-50' : event.actorRole === 'subject' ? 'bg-brand-50' : 'bg-slate-50'}`}
          >
            <p className="text-slate-600">
              {dateTime(event.at)} ·{' '}
              {event.actorRole === 'subject'
                ? t(event.details?.byRepresentative ? 'representativeActor' : 'subjectActor')
                : (actorName ?? actorEmail ?? t('system'))}
              {event.actorRole && event.actorRole !== 'subject' && ` (${tr(event.actorRole)})`} · {te(event.kind)}
              {event.toState && ` → ${ts(event.toState)}`}
              {event.visibility === 'internal' && (
                <span className="ml-2 rounded bg-amber-200 px-1 text-xs">{t('internal')}</span>
              )}
            </p>
            {event.body && <p className="whitespace-pre-wrap">{event.body}</p>}
            {documents(event.id).length > 0 && (
              <ul className="mt-1">
                {documents(event.id).map((a) => (
                  <li key={a.id}>
                    {a.erasedAt ? (
                      t('erased', { name: a.fileName })
                    ) : (
                      <a href={localePath(locale, `/admin/requests/${request.id}/attachments/${a.id}`)}>{a.fileName}</a>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
