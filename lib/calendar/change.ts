import { eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { loadWorkingCalendar } from '@/lib/deadlines/policy';
import { findStatutoryDeadline } from '@/db/queries/deadlines';
import {
  calendarDayKinds,
  calendarDays,
  deadlineCodes,
  deadlinePolicies,
  type CalendarDayKind,
  type DeadlineCode,
} from '@/db/schema/calendar';
import type { LocalizedText } from '@/db/schema/columns';
import { requests } from '@/db/schema/requests';
import { openRequestSql } from '@/db/queries/requests';
import { recordAudit } from '@/lib/audit/record';
import { authorize } from '@/lib/auth/authorize';
import type { StaffRefusal } from '@/lib/errors';
import { parseDay } from '@/lib/deadlines/calendar';
import { computeDueAt } from '@/lib/deadlines/due';
import { DomainError } from '@/lib/errors';

type User = Parameters<typeof authorize>[0];

export type CalendarDayInput = {
  day: string;
  kind: CalendarDayKind;
  name: LocalizedText;
  source: string;
  isProvisional: boolean;
};

/**
 * Open requests are due `deadlineWorkingDays` working days after `deadlineFrom`; when the calendar
 * changes (a late Kurban Ait date, a new transfer), their due times follow. Returns how many moved.
 */
export async function recomputeOpenDueTimes(tx: Tx): Promise<number> {
  const calendar = await loadWorkingCalendar(tx);
  const open = await tx
    .select({ id: requests.id, from: requests.deadlineFrom, days: requests.deadlineWorkingDays, dueAt: requests.dueAt })
    .from(requests)
    .where(openRequestSql)
    .for('update');
  let moved = 0;
  for (const request of open) {
    const dueAt = computeDueAt(calendar, request.from, request.days);
    if (dueAt.getTime() === request.dueAt.getTime()) continue;
    await tx.update(requests).set({ dueAt, updatedAt: new Date() }).where(eq(requests.id, request.id));
    moved++;
  }
  return moved;
}

/** A calendar day as the form sent it, or 'invalid': never a string the database must refuse. */
function requireDay(day: string): void {
  try {
    parseDay(day);
  } catch {
    throw new DomainError<StaffRefusal>('invalid');
  }
}

function checkDay(input: CalendarDayInput) {
  requireDay(input.day);
  const weekday = new Date(`${input.day}T00:00:00Z`).getUTCDay();
  const names = [input.name.kk, input.name.ru, input.name.en].map((n) => n.trim());
  if (
    !calendarDayKinds.includes(input.kind) ||
    names.some((n) => !n || n.length > 200) ||
    !input.source.trim() ||
    input.source.length > 500
  ) {
    throw new DomainError<StaffRefusal>('invalid');
  }
  // A worked day is a Saturday or Sunday made working by a transfer (LC 85(3)).
  if (input.kind === 'working_day' && weekday !== 0 && weekday !== 6) throw new DomainError<StaffRefusal>('invalid');
}

/** The dpo adds or changes a day of the calendar (`previousDay` when moving one); due times follow. */
export async function saveCalendarDay(tx: Tx, user: User, input: CalendarDayInput & { previousDay?: string | null }) {
  const staff = authorize(user, 'calendar.manage');
  checkDay(input);
  const entry = {
    kind: input.kind,
    name: { kk: input.name.kk.trim(), ru: input.name.ru.trim(), en: input.name.en.trim() },
    source: input.source.trim(),
    isProvisional: input.isProvisional,
  };
  if (input.previousDay && input.previousDay !== input.day) {
    requireDay(input.previousDay);
    await tx.delete(calendarDays).where(eq(calendarDays.day, input.previousDay));
  }
  await tx
    .insert(calendarDays)
    .values({ day: input.day, ...entry, createdById: staff.id })
    .onConflictDoUpdate({ target: calendarDays.day, set: entry });
  const moved = await recomputeOpenDueTimes(tx);
  await recordAudit(tx, {
    actor: staff,
    action: 'calendar_changed',
    entityType: 'calendar_day',
    entityId: input.day,
    reason: input.source,
    details: {
      day: input.day,
      previousDay: input.previousDay ?? null,
      kind: input.kind,
      provisional: input.isProvisional,
      requestsRecomputed: moved,
    },
  });
  return moved;
}

export async function removeCalendarDay(tx: Tx, user: User, input: { day: string }) {
  const staff = authorize(user, 'calendar.manage');
  requireDay(input.day);
  const [removed] = await tx.delete(calendarDays).where(eq(calendarDays.day, input.day)).returning();
  if (!removed) throw new DomainError<StaffRefusal>('notFound');
  const moved = await recomputeOpenDueTimes(tx);
  await recordAudit(tx, {
    actor: staff,
    action: 'calendar_changed',
    entityType: 'calendar_day',
    entityId: input.day,
    reason: removed.source,
    details: { day: input.day, removed: removed.kind, requestsRecomputed: moved },
  });
  return moved;
}

/**
 * The dpo edits a deadline in working days (at most the statutory ones), its allowed extension or its citation. It applies to
 * requests registered from now on; those already open keep the deadline they were given.
 */
export async function saveDeadlinePolicy(
  tx: Tx,
  user: User,
  input: { code: DeadlineCode; workingDays: number; maxExtensionWorkingDays: number; citation: LocalizedText },
) {
  const staff = authorize(user, 'calendar.manage');
  const citation = { kk: input.citation.kk.trim(), ru: input.citation.ru.trim(), en: input.citation.en.trim() };
  if (
    !deadlineCodes.includes(input.code) ||
    !Number.isInteger(input.workingDays) ||
    input.workingDays < 1 ||
    input.workingDays > 60 ||
    !Number.isInteger(input.maxExtensionWorkingDays) ||
    input.maxExtensionWorkingDays < 0 ||
    input.maxExtensionWorkingDays > 60 ||
    !citation.kk ||
    !citation.ru ||
    !citation.en
  ) {
    throw new DomainError<StaffRefusal>('invalid');
  }
  const [before] = await tx.select().from(deadlinePolicies).where(eq(deadlinePolicies.code, input.code)).for('update');
  if (!before) throw new DomainError<StaffRefusal>('notFound');
  // A policy may shorten what the Law (or the by-law) fixed, never lengthen it (the trigger of
  // migration 0007 holds the same line in the database).
  const statute = await findStatutoryDeadline(tx, input.code);
  if (
    statute &&
    (input.workingDays > statute.workingDays || input.maxExtensionWorkingDays > statute.maxExtensionWorkingDays)
  )
    throw new DomainError<StaffRefusal>('beyondStatute');
  await tx
    .update(deadlinePolicies)
    .set({
      workingDays: input.workingDays,
      maxExtensionWorkingDays: input.maxExtensionWorkingDays,
      citation,
      updatedAt: new Date(),
      updatedById: staff.id,
    })
    .where(eq(deadlinePolicies.code, input.code));
  await recordAudit(tx, {
    actor: staff,
    action: 'policy_changed',
    entityType: 'deadline_policy',
    entityId: input.code,
    details: {
      from: { workingDays: before.workingDays, maxExtension: before.maxExtensionWorkingDays },
      to: { workingDays: input.workingDays, maxExtension: input.maxExtensionWorkingDays },
    },
  });
}
