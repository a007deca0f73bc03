import { getTranslations } from '@/i18n/server';
import { eventCatalogue } from '@/lib/events/catalogue';
import { webhookEventTypes } from '@/lib/webhooks/endpoints';

/** The message key of an event type's description (a key cannot hold the type's dot). */
const keyOf = (type: string) => type.replace('.', '_');

/**
 * The events an endpoint can choose, from the catalogue (lib/events/catalogue.ts), each with what
 * it means; an event added to the catalogue before its words falls back to the catalogue's own.
 */
export async function EventTypeChoices({ chosen = [] }: { chosen?: string[] }) {
  const t = await getTranslations('backoffice.webhooks');
  return (
    <fieldset className="space-y-2">
      <legend className="font-medium">{t('eventTypes')}</legend>
      <p className="text-slate-600">{t('eventTypesHelp')}</p>
      {webhookEventTypes.map((type) => {
        const key = `events.${keyOf(type)}` as Parameters<typeof t>[0];
        return (
          <label key={type} className="flex items-start gap-2">
            <input
              type="checkbox"
              name="eventTypes"
              value={type}
              defaultChecked={chosen.includes(type)}
              className="mt-1"
            />
            <span>
              <code className="font-mono text-sm">{type}</code>
              <span className="block text-slate-600">{t.has(key) ? t(key) : eventCatalogue[type].description}</span>
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}

/** An endpoint's address as shown: a query string (it may carry the system's token) is hidden. */
export function shownUrl(value: string): string {
  try {
    const url = new URL(value);
    return `${url.origin}${url.pathname}${url.search ? '?…' : ''}`;
  } catch {
    return value;
  }
}
