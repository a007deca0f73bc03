import type { AuditFilters } from '@/db/queries/audit';
import { auditActions, type AuditAction } from '@/db/schema/audit';
import { shiftDay } from '@/lib/deadlines/calendar';
import { endOfKazakhstanDay } from '@/lib/deadlines/due';

/** The audit trail's filters as they come from the URL; anything unknown is left out. */
export function parseAuditFilters(params: Record<string, string | string[] | undefined>): AuditFilters {
  const one = (key: string) => (typeof params[key] === 'string' ? (params[key] as string).trim() : '');
  const action = one('action');
  // A real calendar day (2026-02-30 is not one), or nothing.
  const day = (value: string) =>
    /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).getUTCDate() === Number(value.slice(8))
      ? value
      : '';
  const from = day(one('from'));
  const to = day(one('to'));
  return {
    subject: one('subject').slice(0, 254),
    actor: one('actor').slice(0, 254),
    action: (auditActions as readonly string[]).includes(action) ? (action as AuditAction) : null,
    from,
    to,
    // Days are Kazakhstan days.
    fromAt: from ? new Date(endOfKazakhstanDay(shiftDay(from, -1)).getTime() + 1) : null,
    toAt: to ? endOfKazakhstanDay(to) : null,
  };
}
