'use server';

import { z } from 'zod';
import { calendarDayKinds, deadlineCodes } from '@/db/schema/calendar';
import { checkbox, localized, localizedFields, optionalText } from '@/lib/actions/form-data';
import type { FormState } from '@/lib/actions/form-state';
import { runAction, staffZone } from '@/lib/actions/pipeline';
import { forgetDeadlineReference } from '@/lib/cache/process';
import { removeCalendarDay, saveCalendarDay, saveDeadlinePolicy } from '@/lib/calendar/change';

// Dates stay strings here: lib/calendar/change.ts checks them as calendar days.
const day = z
  .object({
    day: z.string(),
    previousDay: optionalText,
    kind: z.enum(calendarDayKinds),
    ...localizedFields('name'),
    source: z.string(),
    isProvisional: checkbox,
  })
  .transform((form) => ({
    day: form.day,
    previousDay: form.previousDay,
    kind: form.kind,
    name: localized(form, 'name'),
    source: form.source,
    isProvisional: form.isProvisional,
  }));

/** The page rendered after a change shows it without waiting for the NOTIFY (migration 0025). */
async function thenForgetDeadlines(run: Promise<FormState>): Promise<FormState> {
  try {
    return await run;
  } finally {
    forgetDeadlineReference();
  }
}

/** Add, change or move a day; the answer says how many open requests' due times followed. */
export async function saveDayAction(_state: FormState, data: FormData): Promise<FormState> {
  return thenForgetDeadlines(
    runAction(data, {
      zone: staffZone('calendar.manage'),
      schema: day,
      work: (tx, input, staff) => saveCalendarDay(tx, staff, input),
      page: () => '/admin/calendar',
      done: (t, moved) => t('compliance.calendar.saved', { count: moved }),
    }),
  );
}

export async function removeDayAction(_state: FormState, data: FormData): Promise<FormState> {
  return thenForgetDeadlines(
    runAction(data, {
      zone: staffZone('calendar.manage'),
      schema: z.object({ day: z.string() }),
      work: (tx, input, staff) => removeCalendarDay(tx, staff, input),
      page: () => '/admin/calendar',
      done: (t, moved) => t('compliance.calendar.removed', { count: moved }),
    }),
  );
}

const policy = z
  .object({
    code: z.enum(deadlineCodes),
    // Numbers as typed; the domain keeps them within its bounds (an empty field is 0).
    workingDays: z.coerce.number(),
    maxExtension: z.coerce.number(),
    ...localizedFields('citation'),
  })
  .transform((form) => ({
    code: form.code,
    workingDays: form.workingDays,
    maxExtensionWorkingDays: form.maxExtension,
    citation: localized(form, 'citation'),
  }));

export async function savePolicyAction(_state: FormState, data: FormData): Promise<FormState> {
  return thenForgetDeadlines(
    runAction(data, {
      zone: staffZone('calendar.manage'),
      schema: policy,
      work: (tx, input, staff) => saveDeadlinePolicy(tx, staff, input),
      page: () => '/admin/policies',
      done: (t) => t('compliance.policies.saved'),
    }),
  );
}
