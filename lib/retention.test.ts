import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addMonths, retentionEndsAt } from './retention';

const events = { collectedAt: new Date('2025-01-31T10:00:00Z'), relationshipEndedAt: null, consentEndedAt: null };

test('[RETENTION] Art. 12(2): a period after collection ends that many months later', () => {
  const rule = { retentionKind: 'period_after_event', retentionMonths: 120, retentionFrom: 'collected' } as const;
  assert.equal(retentionEndsAt(rule, events)?.toISOString(), '2035-01-31T10:00:00.000Z');
});

test('[RETENTION] Art. 18(2): a period after the relationship ends has no date while it lasts', () => {
  const rule = {
    retentionKind: 'period_after_event',
    retentionMonths: 60,
    retentionFrom: 'relationship_ended',
  } as const;
  assert.equal(retentionEndsAt(rule, events), null);
  const ended = { ...events, relationshipEndedAt: new Date('2026-06-30T00:00:00Z') };
  assert.equal(retentionEndsAt(rule, ended)?.toISOString(), '2031-06-30T00:00:00.000Z');
});

test('[RETENTION] Art. 12(2): "until the purpose is achieved" has no end date', () => {
  assert.equal(
    retentionEndsAt({ retentionKind: 'until_purpose_achieved', retentionMonths: null, retentionFrom: null }, events),
    null,
  );
});

test('[RETENTION] a month later than 31 January is the end of February', () => {
  assert.equal(addMonths(new Date('2025-01-31T00:00:00Z'), 1).toISOString(), '2025-02-28T00:00:00.000Z');
});
