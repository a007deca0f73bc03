import type { ActivityEntry } from '@/db/queries/activity';
import type { LocalizedText } from '@/db/schema/columns';
import type { Locale } from '@/db/schema/subjects';
import type { Translator } from '@/lib/i18n/translator';

/** Actions an import records with the system the data came from (lib/import/items-import.ts). */
const fromSystem = new Set(['data_supplemented', 'data_changed']);

/**
 * One activity entry in words, for the activity page and the digest e-mail alike. Data brought in
 * from one of the operator's systems say which (Art. 8-2): "supplemented from the Learner CRM"; a
 * call of the API names the token that made it: "an operator's system (CRM sync)". `data` names the
 * categories the entry concerns (lib/activity/feed.ts), never a value: "Phone numbers and E-mail".
 */
export function describeActivity(
  t: Translator,
  entry: Pick<ActivityEntry, 'action' | 'actorRole'> & { details?: unknown; categories?: LocalizedText[] },
  locale: Locale,
) {
  const details = entry.details as {
    systemName?: Partial<Record<Locale, string>>;
    apiToken?: unknown;
    token?: unknown;
    to?: unknown;
  } | null;
  // An operator's system calling the API: named by its token, as staff are named by their role
  // (lib/api records `apiToken`; a task closed by a token, lib/tasks/close.ts, `token`).
  const tokenName = details?.apiToken ?? details?.token;
  const actor =
    entry.actorRole === 'api' && typeof tokenName === 'string'
      ? t('activity.apiActor', { name: tokenName })
      : t(`activity.actors.${entry.actorRole}`);
  const names = entry.categories?.map((name) => name[locale]) ?? [];
  const data = names.length
    ? t('activity.data', { categories: new Intl.ListFormat(locale, { type: 'conjunction' }).format(names) })
    : null;
  const system = details?.systemName?.[locale];
  if (system && fromSystem.has(entry.action))
    return {
      action: t(`activity.fromSystem.${entry.action as 'data_supplemented' | 'data_changed'}`, { system }),
      actor,
      data,
    };
  // A request the subject (or their representative) cancelled is recorded as its move to WITHDRAWN
  // (lib/requests/subject-actions.ts): it reads as the cancellation it was, not as "updated".
  if (entry.action === 'request_updated' && details?.to === 'WITHDRAWN')
    return { action: t('activity.requestCancelled'), actor, data };
  return { action: t(`activity.actions.${entry.action}`), actor, data };
}
