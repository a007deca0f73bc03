import type { AuditFilters } from '@/db/queries/audit';
import { auditActions } from '@/db/schema/audit';
import { shiftDay } from '@/lib/deadlines/calendar';
import { endOfKazakhstanDay } from '@/lib/deadlines/due';
import { param, parseSearchParams, type SearchParams } from '@/lib/input/search-params';

/** The audit trail's filters as they come from the URL; anything that does not fit is left out. */
const auditParams = {
  subject: param.text(),
  actor: param.text(),
  action: param.oneOf(auditActions),
  // Real calendar days (2026-02-30 is not one), which are Kazakhstan days.
  from: param.day(),
  to: param.day(),
  // Older pages: ids below this one.
  before: param.id(),
  verify: param.flag(),
};

export function parseAuditQuery(params: SearchParams | URLSearchParams): {
  filters: AuditFilters;
  before: number | null;
  verify: boolean;
  ignored: string[];
} {
  const { values, ignored } = parseSearchParams(params, auditParams);
  const { from, to, before, verify, ...rest } = values;
  return {
    filters: {
      ...rest,
      from: from ?? '',
      to: to ?? '',
      fromAt: from ? new Date(endOfKazakhstanDay(shiftDay(from, -1)).getTime() + 1) : null,
      toAt: to ? endOfKazakhstanDay(to) : null,
    },
    before,
    verify,
    ignored,
  };
}

export function parseAuditFilters(params: SearchParams | URLSearchParams): AuditFilters {
  return parseAuditQuery(params).filters;
}
