'use server';

import { z } from 'zod';
import { staffRoles } from '@/db/schema/auth';
import { id } from '@/lib/actions/form-data';
import type { FormState } from '@/lib/actions/form-state';
import { runAction, staffZone } from '@/lib/actions/pipeline';
import { resetSecondFactor } from '@/lib/auth/second-factor';
import { saveStaffMember, setStaffDisabled } from '@/lib/staff/manage';

const member = z.object({ email: z.string(), name: z.string(), role: z.enum(staffRoles) });

export async function saveStaffAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('staff.manage'),
    schema: member,
    work: (tx, input, admin) => saveStaffMember(tx, admin, input),
    page: () => '/admin/staff',
    done: (t) => t('staff.saved'),
  });
}

const access = z.object({ userId: id, disabled: z.enum(['0', '1']).transform((value) => value === '1') });

export async function toggleStaffAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('staff.manage'),
    schema: access,
    work: (tx, input, admin) => setStaffDisabled(tx, admin, input),
    page: () => '/admin/staff',
    done: (t) => t('staff.saved'),
  });
}

/** A lost phone: the staff member's authenticator is removed and their sessions ended (audited). */
export async function resetFactorAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('staff.manage'),
    schema: z.object({ userId: id }),
    work: (tx, input, admin) => resetSecondFactor(tx, admin, input.userId),
    page: () => '/admin/staff',
    done: (t) => t('staff.resetFactorDone'),
  });
}
