import { z } from 'zod';
import { requestStates, requestTypes } from '@/db/schema/requests';
import { cursorFitsSort, readCursor, queueSorts, type QueueCursor, type QueueFilters } from '@/db/queries/queue';
import { SEARCH_MIN } from '@/db/queries/subjects';
import { param, parseSearchParams, type SearchParams } from '@/lib/input/search-params';

// A page's cursor, as findQueuePage writes it; whether it fits the order is checked once that is known.
const cursorParam = z
  .string()
  .max(200)
  .transform(
    (value, context) => readCursor(value) ?? (context.addIssue({ code: 'custom', message: 'cursor' }), z.NEVER),
  )
  .nullable()
  .catch(null);

/** The queue's filters, order and cursor as they come from the URL: anything that does not fit falls back to the default. */
const queueParams = {
  type: param.oneOf(requestTypes),
  state: param.oneOf([...requestStates, 'all']),
  assignee: z
    .union([z.enum(['me', 'none']), z.uuid()])
    .nullable()
    .catch(null),
  overdue: param.flag(),
  dueToday: param.flag(),
  q: param.text(200),
  sort: param.oneOf(queueSorts),
  // The next page starts after the last row shown; the previous one ends before the first.
  after: cursorParam,
  before: cursorParam,
};

export function parseQueueQuery(params: SearchParams | URLSearchParams): {
  filters: QueueFilters;
  after: QueueCursor | null;
  before: QueueCursor | null;
  /** The search was too short to look for (fewer than SEARCH_MIN characters) and was left out. */
  searchTooShort: boolean;
  ignored: string[];
} {
  const { values, ignored } = parseSearchParams(params, queueParams);
  const { after, before, ...rest } = values;
  const sort = rest.sort ?? 'due';
  const searchTooShort = rest.q.length > 0 && [...rest.q].length < SEARCH_MIN;
  const fits = (cursor: QueueCursor | null, name: 'after' | 'before') => {
    if (!cursor || cursorFitsSort(cursor, sort)) return cursor;
    ignored.push(name);
    return null;
  };
  return {
    filters: { ...rest, q: searchTooShort ? '' : rest.q, state: rest.state ?? 'open', sort },
    after: fits(after, 'after'),
    before: fits(before, 'before'),
    searchTooShort,
    ignored,
  };
}

export function parseQueueFilters(params: SearchParams | URLSearchParams): QueueFilters {
  return parseQueueQuery(params).filters;
}
