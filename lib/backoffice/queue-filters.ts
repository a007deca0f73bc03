import { requestStates, requestTypes, type RequestState, type RequestType } from '@/db/schema/requests';
import type { QueueCursor, QueueFilters } from '@/db/queries/queue';
import { isUuid } from '@/lib/ids';

/** The queue's filters and cursor as they come from the URL: anything unknown falls back to the default. */
export function parseQueueFilters(params: Record<string, string | string[] | undefined>): QueueFilters {
  const one = (key: string) => (typeof params[key] === 'string' ? (params[key] as string) : '');
  const type = one('type');
  const state = one('state');
  const assignee = one('assignee');
  return {
    type: (requestTypes as readonly string[]).includes(type) ? (type as RequestType) : null,
    state:
      state === 'all' || (requestStates as readonly string[]).includes(state)
        ? (state as RequestState | 'all')
        : 'open',
    assignee: assignee === 'me' || assignee === 'none' || isUuid(assignee) ? assignee : null,
    overdue: one('overdue') === '1',
    dueToday: one('dueToday') === '1',
    q: one('q').trim().slice(0, 200),
  };
}

export function parseQueueCursor(value: string | undefined): QueueCursor | null {
  const [dueAt, id] = (value ?? '').split('_');
  return dueAt && id && isUuid(id) && !Number.isNaN(Date.parse(dueAt)) ? { dueAt, id } : null;
}
