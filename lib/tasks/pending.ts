import type { TaskAction } from '@/db/schema/integrations';

/**
 * What an execution did to the data, as the operator's systems must repeat it: noted by the data
 * changes themselves (lib/data-items/changes.ts, through the `why` they are given) and turned into
 * one task per system that holds an affected category when the execution ends (lib/tasks/create.ts).
 * The data changes know which items they touched; the execution knows the request: this is where
 * the two meet, once, for every request type.
 */
export type TouchedItem = { id: string; categoryId: string; systemId: string | null };

export type PendingTask = { action: TaskAction; purposeId: string | null; items: TouchedItem[] };

export type TaskSink = {
  /** Records that `items` were changed by `action` (for `stop_processing`, on `purposeId`). */
  note: (action: TaskAction, items: readonly TouchedItem[], purposeId?: string | null) => void;
  /** What was noted since the last call, grouped by action and purpose; empties the sink. */
  drain: () => PendingTask[];
};

export function createTaskSink(): TaskSink {
  let pending = new Map<string, PendingTask>();
  return {
    note(action, items, purposeId = null) {
      if (items.length === 0) return;
      const key = `${action}:${purposeId ?? ''}`;
      const group = pending.get(key) ?? { action, purposeId, items: [] };
      for (const item of items) if (!group.items.some((i) => i.id === item.id)) group.items.push(item);
      pending.set(key, group);
    },
    drain() {
      const groups = [...pending.values()];
      pending = new Map();
      return groups;
    },
  };
}
