import { z } from 'zod';
import { requestStates, requestTypes } from '@/db/schema/requests';
import { CURSOR_INSTANT, type QueueCursor, type QueueFilters } from '@/db/queries/queue';
import { param, parseSearchParams, type SearchParams } from '@/lib/input/search-params';
import { isUuid } from '@/lib/ids';

/** The queue's filters and cursor as they come from the URL: anything that does not fit falls back to the default. */
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
  // The next page starts after the last row shown: `<due time>_<id>`, as findQueuePage writes it.
  after: z
    .string()
    .refine((value) => {
      const [dueAt = '', id, ...rest] = value.split('_');
      return CURSOR_INSTANT.test(dueAt) && !Number.isNaN(Date.parse(dueAt)) && isUuid(id) && rest.length === 0;
    })
    .transform((value): QueueCursor => {
      const [dueAt = '', id = ''] = value.split('_');
      return { dueAt, id };
    })
    .nullable()
    .catch(null),
};

export function parseQueueQuery(params: SearchParams | URLSearchParams): {
  filters: QueueFilters;
  after: QueueCursor | null;
  ignored: string[];
} {
  const { values, ignored } = parseSearchParams(params, queueParams);
  const { after, ...filters } = values;
  return { filters: { ...filters, state: filters.state ?? 'open' }, after, ignored };
}

export function parseQueueFilters(params: SearchParams | URLSearchParams): QueueFilters {
  return parseQueueQuery(params).filters;
}
