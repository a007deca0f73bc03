import type { ActivityEntry } from '@/db/queries/activity';
import type { Translator } from '@/lib/i18n/translator';

/** One activity entry in words, for the activity page and the digest e-mail alike. */
export function describeActivity(t: Translator, entry: Pick<ActivityEntry, 'action' | 'actorRole'>) {
  return { action: t(`activity.actions.${entry.action}`), actor: t(`activity.actors.${entry.actorRole}`) };
}
