import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { dataItems } from '@/db/schema/subjects';

/**
 * A webhook's body (Standard Webhooks: `type`, `timestamp`, `data`), built at send time from the
 * domain event row — the outbox keeps only the event's id, never a copy of what is sent.
 *
 * Issue 13, point 4: "payloads carry the values the system needs to act, and nothing more". The
 * only value a system cannot act without is a RECTIFY's new value: for `task.created` with action
 * `rectify`, each item gets its current value, read from the portal's copy now. It exists only in
 * the body on the wire (not in the event, not in the outbox), and a destroyed item has none.
 */
export type EventRow = { type: string; occurredAt: Date | string; payload: Record<string, unknown> };

type TaskItem = { itemId: string; categoryCode?: string; value?: string };

export async function buildWebhookBody(db: DbOrTx, event: EventRow): Promise<string> {
  let data = event.payload;
  if (event.type === 'task.created' && data.action === 'rectify' && Array.isArray(data.items)) {
    const items = data.items as TaskItem[];
    const ids = items.map((item) => item.itemId).filter((id) => typeof id === 'string');
    const rows = ids.length
      ? await db.select({ id: dataItems.id, value: dataItems.value }).from(dataItems).where(inArray(dataItems.id, ids))
      : [];
    const values = new Map(rows.filter((row) => row.value !== null).map((row) => [row.id, row.value!]));
    data = {
      ...data,
      items: items.map((item) => (values.has(item.itemId) ? { ...item, value: values.get(item.itemId) } : item)),
    };
  }
  return JSON.stringify({ type: event.type, timestamp: new Date(event.occurredAt).toISOString(), data });
}
