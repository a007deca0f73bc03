'use server';

import { getTranslations } from 'next-intl/server';
import type { FormState } from '@/lib/actions/form-state';
import { calendarDayKinds, deadlineCodes, type CalendarDayKind, type DeadlineCode } from '@/db/schema/calendar';
import { runStaffAction } from '@/lib/backoffice/run-action';
import { removeCalendarDay, saveCalendarDay, saveDeadlinePolicy } from '@/lib/calendar/change';

const text = (data: FormData, name: string) => String(data.get(name) ?? '');

/** Add, change or move a day; the answer says how many open requests' due times followed. */
export async function saveDayAction(_state: FormState, data: FormData): Promise<FormState> {
  const t = await getTranslations('compliance.calendar');
  const kind = text(data, 'kind') as CalendarDayKind;
  let moved = 0;
  const state = await runStaffAction(
    'calendar.manage',
    async (tx, staff) => {
      moved = await saveCalendarDay(tx, staff, {
        day: text(data, 'day'),
        previousDay: text(data, 'previousDay') || null,
        kind: calendarDayKinds.includes(kind) ? kind : ('' as CalendarDayKind),
        name: { kk: text(data, 'nameKk'), ru: text(data, 'nameRu'), en: text(data, 'nameEn') },
        source: text(data, 'source'),
        isProvisional: data.get('isProvisional') === 'on',
      });
    },
    '',
    '/admin/calendar',
  );
  return state.status === 'success' ? { status: 'success', message: t('saved', { count: moved }) } : state;
}

export async function removeDayAction(_state: FormState, data: FormData): Promise<FormState> {
  const t = await getTranslations('compliance.calendar');
  let moved = 0;
  const state = await runStaffAction(
    'calendar.manage',
    async (tx, staff) => {
      moved = await removeCalendarDay(tx, staff, { day: text(data, 'day') });
    },
    '',
    '/admin/calendar',
  );
  return state.status === 'success' ? { status: 'success', message: t('removed', { count: moved }) } : state;
}

export async function savePolicyAction(_state: FormState, data: FormData): Promise<FormState> {
  const t = await getTranslations('compliance.policies');
  const code = text(data, 'code') as DeadlineCode;
  return runStaffAction(
    'calendar.manage',
    (tx, staff) =>
      saveDeadlinePolicy(tx, staff, {
        code: deadlineCodes.includes(code) ? code : ('' as DeadlineCode),
        workingDays: Number(data.get('workingDays')),
        maxExtensionWorkingDays: Number(data.get('maxExtension')),
        citation: { kk: text(data, 'citationKk'), ru: text(data, 'citationRu'), en: text(data, 'citationEn') },
      }),
    t('saved'),
    '/admin/policies',
  );
}
