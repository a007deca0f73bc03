import type { DbOrTx } from '@/db';
import {
  findActivityTargets,
  listSubjectActivity,
  type ActivityEntry,
  type ActivityFilter,
} from '@/db/queries/activity';
import type { LocalizedText } from '@/db/schema/columns';
import { isUuid } from '@/lib/ids';

/** A feed entry with what it concerns: the categories of the data (never the values) and the request. */
export type FeedEntry = ActivityEntry & {
  categories: LocalizedText[];
  /** The subject's own request the entry names, for a link to its page; null when none of theirs. */
  request: { id: string; reference: string } | null;
};

// A reference is short (R-2026-000123); a longer reason is words and is not looked up.
const MAX_REFERENCE = 40;

/** The ids an event names: its entity, and the items an import or a task listed in its details. */
function namedIds(entry: ActivityEntry) {
  const listed = (entry.details as { items?: unknown } | null)?.items;
  const items = Array.isArray(listed) ? listed.filter(isUuid) : [];
  const entity = isUuid(entry.entityId) ? entry.entityId : null;
  if (entry.entityType === 'data_item' && entity) items.push(entity);
  return {
    items,
    transfer: entry.entityType === 'transfer' ? entity : null,
    request: entry.entityType === 'request' ? entity : null,
    reference: entry.reason && entry.reason.length <= MAX_REFERENCE ? entry.reason : null,
  };
}

/**
 * One page of the subject's activity (Art. 8-2), each entry with the categories of data it concerns
 * and a link to the request it was done under.
 */
export async function listActivityFeed(
  db: DbOrTx,
  subjectId: string,
  page: { before?: number | null; by?: ActivityFilter } = {},
): Promise<FeedEntry[]> {
  return describeTargets(db, subjectId, await listSubjectActivity(db, subjectId, page));
}

/**
 * What activity entries concern: the categories of data (never the values) and the request, for
 * the activity page and the activity e-mail alike. What the entries name is looked up only among
 * the subject's own items, transfers and requests: an id in an event that is not theirs names nothing.
 */
export async function describeTargets(db: DbOrTx, subjectId: string, entries: ActivityEntry[]): Promise<FeedEntry[]> {
  const named = entries.map(namedIds);
  const unique = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))];
  const targets = await findActivityTargets(db, subjectId, {
    items: unique(named.flatMap((n) => n.items)),
    transfers: unique(named.map((n) => n.transfer)),
    requests: unique(named.map((n) => n.request)),
    references: unique(named.map((n) => n.reference)),
  });
  return entries.map((entry, index) => {
    const ids = named[index]!;
    const keys = new Set([...ids.items, ids.transfer, ids.request].filter((k) => k !== null));
    const seen = new Map<string, { name: LocalizedText; sortOrder: number }>();
    for (const c of targets.categories) if (keys.has(c.key)) seen.set(c.id, c);
    const request =
      targets.requests.find((r) => r.id === ids.request) ??
      targets.requests.find((r) => ids.reference !== null && r.reference === ids.reference) ??
      null;
    return {
      ...entry,
      categories: [...seen.values()].sort((a, b) => a.sortOrder - b.sortOrder).map((c) => c.name),
      request,
    };
  });
}
