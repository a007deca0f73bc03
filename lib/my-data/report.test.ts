import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isHeldForNoPurpose, type PurposeReport } from './report';

const purpose = (endedAt: Date | null) => ({ endedAt }) as PurposeReport;

describe('[MY DATA] Art. 18, 25(2)(8): an item held for no purpose is offered for destruction', () => {
  test('[MY DATA] every purpose ended, or none at all: held for no purpose', () => {
    assert.equal(isHeldForNoPurpose({ state: 'active', purposes: [] }), true);
    assert.equal(isHeldForNoPurpose({ state: 'active', purposes: [purpose(new Date())] }), true);
    assert.equal(isHeldForNoPurpose({ state: 'blocked', purposes: [purpose(new Date()), purpose(new Date())] }), true);
  });

  test('[MY DATA] one purpose still running, or the item already destroyed: nothing to offer', () => {
    assert.equal(isHeldForNoPurpose({ state: 'active', purposes: [purpose(new Date()), purpose(null)] }), false);
    assert.equal(isHeldForNoPurpose({ state: 'destroyed', purposes: [] }), false);
  });
});
