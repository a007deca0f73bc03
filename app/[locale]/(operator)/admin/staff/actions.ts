'use server';

import { getTranslations } from 'next-intl/server';
import type { FormState } from '@/lib/actions/form-state';
import { runStaffAction } from '@/lib/backoffice/run-action';
import { isUuid } from '@/lib/ids';
import { saveStaffMember, setStaffDisabled } from '@/lib/staff/manage';

export async function saveStaffAction(_state: FormState, data: FormData): Promise<FormState> {
  const t = await getTranslations('staff');
  return runStaffAction(
    'staff.manage',
    (tx, admin) =>
      saveStaffMember(tx, admin, {
        email: String(data.get('email') ?? ''),
        name: String(data.get('name') ?? ''),
        role: String(data.get('role') ?? ''),
      }),
    t('saved'),
    '/admin/staff',
  );
}

export async function toggleStaffAction(_state: FormState, data: FormData): Promise<FormState> {
  const t = await getTranslations('staff');
  const userId = data.get('userId');
  return runStaffAction(
    'staff.manage',
    (tx, admin) =>
      setStaffDisabled(tx, admin, { userId: isUuid(userId) ? userId : '', disabled: data.get('disabled') === '1' }),
    t('saved'),
    '/admin/staff',
  );
}
