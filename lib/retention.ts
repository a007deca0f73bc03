import type { RetentionEvent } from '@/db/schema/inventory';

/**
 * Art. 12(2): data are kept until the purposes of processing are achieved, unless a period is set.
 * When the purpose keeps data for a period after an event, the end date is known once the event
 * has happened; before that, and for "until the purpose is achieved", there is no date yet.
 */
export type RetentionRule = {
  retentionKind: 'until_purpose_achieved' | 'period_after_event';
  retentionMonths: number | null;
  retentionFrom: RetentionEvent | null;
};

export type RetentionEvents = {
  collectedAt: Date;
  relationshipEndedAt: Date | null;
  /** When the consent the processing rests on was withdrawn or expired. */
  consentEndedAt: Date | null;
};

export function addMonths(date: Date, months: number): Date {
  const result = new Date(date);
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  // 31 January + 1 month is the last day of February, not 3 March.
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

export function retentionEndsAt(rule: RetentionRule, events: RetentionEvents): Date | null {
  if (rule.retentionKind !== 'period_after_event' || rule.retentionMonths == null || rule.retentionFrom == null)
    return null;
  const start = {
    collected: events.collectedAt,
    relationship_ended: events.relationshipEndedAt,
    consent_ended: events.consentEndedAt,
  }[rule.retentionFrom];
  return start ? addMonths(start, rule.retentionMonths) : null;
}
