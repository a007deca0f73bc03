import type { RequestEvent } from '@/db/schema/requests';
import type { Locale } from '@/db/schema/subjects';
import { formatterFor, type Translator } from '@/lib/i18n/translator';

/**
 * One line of a request's timeline, as its subject reads it: on the request page and in the
 * downloads of their requests alike. "Status: Executed", "Deadline extended to 5 January 2027".
 */
export function describeRequestEvent(
  t: Translator,
  locale: Locale,
  event: Pick<RequestEvent, 'kind' | 'toState' | 'details' | 'at'>,
): string {
  if (event.kind === 'state_changed')
    return t('requests.events.state_changed', { state: event.toState ? t(`requestState.${event.toState}`) : '' });
  // The new due time travels in the event's details (written by the dpo's extension).
  if (event.kind === 'deadline_extended')
    return t('requests.events.deadline_extended', {
      date: formatterFor(locale).dateTime(new Date(String(event.details?.dueAt ?? event.at.toISOString()))),
    });
  return t(`requests.events.${event.kind}`);
}
