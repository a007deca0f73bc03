import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { getDb } from '@/db';
import { cancellableStates, isOpenState } from '@/db/schema/requests';
import { CancelRequestSection, RequestMessageForm } from '@/components/request-party-forms';
import { Link } from '@/i18n/link';
import { localePath } from '@/i18n/paths';
import { requireSubject } from '@/lib/auth/session';
import { isUuid } from '@/lib/ids';
import { param, parseSearchParams, type SearchParams } from '@/lib/input/search-params';
import { findRepresentedRequest } from '@/lib/requests/representatives';
import { cancelRepresentedAction, messageRepresentedAction } from './actions';
import { FocusedNotice } from '@/components/focused-notice';

type Props = { params: Promise<{ locale: Locale; id: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'representatives.mine' });
  return { title: t('title') };
}

/**
 * Art. 24: a request I filed for someone: its status, the operator's messages and answer, and its
 * documents. Only requests I filed are found; the person's data and other requests never are.
 */
export default async function RepresentedRequestPage({ params, searchParams }: Props) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  const { subject } = await requireSubject();
  if (!subject || !isUuid(id)) notFound();
  const detail = await findRepresentedRequest(getDb(), subject.id, id);
  if (!detail) notFound();
  const { request, representative } = detail;
  const [t, tr, ts, trr, format] = await Promise.all([
    getTranslations('representatives'),
    getTranslations('requests'),
    getTranslations('requestState'),
    getTranslations('requests.refusalReasons'),
    getFormatter(),
  ]);
  const { filed } = parseSearchParams(await searchParams, { filed: param.flag() }).values;
  const date = (d: Date) => format.dateTime(d, { dateStyle: 'long' });
  const dateTime = (d: Date) => format.dateTime(d, { dateStyle: 'long', timeStyle: 'short' });
  const eventLabel = (event: (typeof detail.events)[number]) => {
    if (event.kind === 'state_changed')
      return tr('events.state_changed', { state: event.toState ? ts(event.toState) : '' });
    if (event.kind === 'deadline_extended')
      return tr('events.deadline_extended', { date: date(new Date(String(event.details?.dueAt ?? event.at))) });
    return tr(`events.${event.kind}`);
  };
  // Who wrote a message: this representative, the person they represent, or the operator.
  const author = (event: (typeof detail.events)[number]) =>
    event.actorRole !== 'subject'
      ? t('detail.fromOperator')
      : event.details?.byRepresentative
        ? t('detail.fromYou')
        : t('detail.fromPerson');
  return (
    <div className="max-w-3xl space-y-6">
      <p data-no-print>
        <Link href="/me/representation">← {t('detail.back')}</Link>
      </p>
      {filed && <FocusedNotice>{t('detail.filed')}</FocusedNotice>}
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">
          {t('detail.title', { reference: request.reference })}: {tr(`types.${request.type}.title`)}
        </h1>
        <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="text-slate-500">{t('mine.person')}</dt>
          <dd>{representative.representedName ?? '—'}</dd>
          <dt className="text-slate-500">{t('form.youAct')}</dt>
          <dd>{t(`relationships.${representative.relationship}`)}</dd>
          <dt className="text-slate-500">{t('mine.authority')}</dt>
          <dd>{t(`authority.${representative.authority}`)}</dd>
          <dt className="text-slate-500">{t('mine.state')}</dt>
          <dd className="font-medium">{ts(request.state)}</dd>
          <dt className="text-slate-500">{t('detail.registered')}</dt>
          <dd>{dateTime(request.registeredAt)}</dd>
          {isOpenState(request.state) && (
            <>
              <dt className="text-slate-500">{t('mine.dueAt')}</dt>
              <dd>{date(request.dueAt)}</dd>
            </>
          )}
        </dl>
      </header>
      {(request.outcome || request.state === 'REFUSED') && (
        <section aria-labelledby="answer" className="card space-y-2">
          <h2 id="answer" className="text-lg font-semibold">
            {t('detail.outcome')}
          </h2>
          {request.outcome && <p className="whitespace-pre-wrap">{request.outcome}</p>}
          {request.state === 'REFUSED' && (
            <>
              <p className="text-sm">
                {t('detail.refusal')}: {request.refusalReasonCode ? trr(request.refusalReasonCode as 'other') : ''} (
                {request.refusalLegalBasis})
              </p>
              <p className="whitespace-pre-wrap">{request.refusalText}</p>
            </>
          )}
        </section>
      )}
      <section aria-labelledby="files" className="card space-y-2">
        <h2 id="files" className="text-lg font-semibold">
          {t('detail.files')}
        </h2>
        <ul className="list-disc space-y-1 pl-5 text-sm">
          {detail.files.map((file) => (
            <li key={file.id}>
              <a href={localePath(locale, `/me/representation/${request.id}/attachments/${file.id}`)} download>
                {file.fileName}
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="history" className="card space-y-2">
        <h2 id="history" className="text-lg font-semibold">
          {t('detail.history')}
        </h2>
        <ol className="space-y-2 text-sm">
          {detail.events.map((event) => (
            <li key={event.id}>
              <span className="text-slate-500">{dateTime(event.at)}</span> ·{' '}
              {event.kind === 'message' ? author(event) : eventLabel(event)}
              {event.body && <p className="whitespace-pre-wrap">{event.body}</p>}
            </li>
          ))}
        </ol>
        {isOpenState(request.state) && <RequestMessageForm action={messageRepresentedAction} requestId={request.id} />}
      </section>
      {(cancellableStates as readonly string[]).includes(request.state) && (
        <CancelRequestSection action={cancelRepresentedAction} requestId={request.id} version={request.version} />
      )}
    </div>
  );
}
