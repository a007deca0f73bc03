import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { UserRole } from '@/db/schema/auth';
import { can, isStaffRole, permissions } from './permissions';

describe('[ROLES] PRODUCT.md: permissions fail closed', () => {
  test('[ROLES] a subject has no back-office permission', () => {
    for (const permission of permissions) assert.equal(can('subject', permission), false, permission);
  });
  test('[ROLES] an unknown or missing role is allowed nothing', () => {
    for (const permission of permissions) {
      assert.equal(can('root' as UserRole, permission), false);
      assert.equal(can(undefined, permission), false);
      assert.equal(can('constructor' as UserRole, permission), false);
    }
  });
  test('[ROLES] the auditor is read-only', () => {
    const changes = [
      'requests.work',
      'requests.assign',
      'requests.intake',
      'deadlines.extend',
      'calendar.manage',
      'incidents.manage',
      'transfers.record',
      'retention.confirm',
      'staff.manage',
      'inventory.manage',
      'notice.publish',
      'import.run',
      'integrations.manage',
      'tasks.work',
    ] as const;
    for (const permission of changes) assert.equal(can('auditor', permission), false, permission);
    assert.equal(can('auditor', 'audit.view'), true);
  });
  test('[ROLES] Art. 25(3): only the dpo extends deadlines and manages the calendar', () => {
    const roles: UserRole[] = ['subject', 'agent', 'dpo', 'admin', 'auditor'];
    assert.deepEqual(
      roles.filter((r) => can(r, 'deadlines.extend')),
      ['dpo'],
    );
    assert.deepEqual(
      roles.filter((r) => can(r, 'calendar.manage')),
      ['dpo'],
    );
  });
  test('[ROLES] every staff role enters the back office', () => {
    assert.deepEqual((['subject', 'agent', 'dpo', 'admin', 'auditor'] as const).filter(isStaffRole), [
      'agent',
      'dpo',
      'admin',
      'auditor',
    ]);
  });
});
