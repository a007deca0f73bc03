import { eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db';
import { computeDueAtFor } from '@/lib/deadlines/policy';
import { incidentSubjects, incidents } from '@/db/schema/compliance';
import { subjects } from '@/db/schema/subjects';
import { recordAudit } from '@/lib/audit/record';
import { authorize } from '@/lib/auth/authorize';
import { DomainError, type StaffRefusal } from '@/lib/errors';
import { recordEvent } from '@/lib/events/record';

type User = Parameters<typeof authorize>[0];

/** Kazakh and Russian: the two languages of the notices; staff never type English for a subject. */
export type BreachText = { kk: string; ru: string };

function requireBreachText(text: BreachText): BreachText {
  const kk = text.kk.trim();
  const ru = text.ru.trim();
  if (!kk || !ru || kk.length > 8000 || ru.length > 8000) throw new DomainError<StaffRefusal>('invalid');
  return { kk, ru };
}

/** The text a subject reads in their language: Kazakh for kk, Russian (an official language) otherwise. */
export function breachTextFor(locale: 'kk' | 'ru' | 'en', kk: string, ru: string | null): string {
  return locale === 'kk' ? kk : (ru ?? kk);
}

/** Links subjects to an incident and leaves the audit event each of them sees. */
async function linkSubjects(tx: Tx, staff: { id: string; role: string }, incidentId: string, subjectIds: string[]) {
  const ids = [...new Set(subjectIds)];
  if (ids.length === 0) return;
  const found = await tx.select({ id: subjects.id }).from(subjects).where(inArray(subjects.id, ids));
  if (found.length !== ids.length) throw new DomainError<StaffRefusal>('notFound');
  await tx
    .insert(incidentSubjects)
    .values(ids.map((subjectId) => ({ incidentId, subjectId })))
    .onConflictDoNothing();
  for (const subjectId of ids) {
    await recordAudit(tx, {
      actor: staff as Parameters<typeof recordAudit>[1]['actor'],
      action: 'incident_recorded',
      subjectId,
      entityType: 'incident',
      entityId: incidentId,
    });
  }
}

/**
 * Art. 25(2)(8), last indent: a personal-data security breach is notified to the authorized body
 * within one working day of its discovery (deadline policy BREACH_NOTICE), with the responsible
 * person's contacts, the measures taken and the affected subjects' identifiers (Rules 481/НҚ).
 * "From the moment of discovery" is read as: the discovery instant is the start, and the one
 * working day is counted from it as every other deadline is (lib/deadlines/due.ts: from the next
 * working day, ending at its close). Counting from the instant in hours (24 h) would end on a
 * weekend or holiday when the authorized body is closed; counting as the other deadlines keeps one
 * rule for the dpo and the calendar. The subjects affected may not be known yet: the notice to the
 * authorized body runs all the same, and subjects are added to the incident as they are identified.
 */
export async function recordIncident(
  tx: Tx,
  user: User,
  input: { discoveredAt: Date; description: BreachText; measures: BreachText; subjectIds: string[] },
) {
  const staff = authorize(user, 'incidents.manage');
  const description = requireBreachText(input.description);
  const measures = requireBreachText(input.measures);
  if (Number.isNaN(input.discoveredAt.getTime()) || input.discoveredAt.getTime() > Date.now() + 60_000)
    throw new DomainError<StaffRefusal>('invalid');

  const { dueAt } = await computeDueAtFor(tx, 'BREACH_NOTICE', input.discoveredAt);
  const [incident] = await tx
    .insert(incidents)
    .values({
      discoveredAt: input.discoveredAt,
      description: description.kk,
      descriptionRu: description.ru,
      measures: measures.kk,
      measuresRu: measures.ru,
      authorityDueAt: dueAt,
      recordedById: staff.id,
    })
    .returning({ id: incidents.id });
  await linkSubjects(tx, staff, incident!.id, input.subjectIds);
  const subjectIds = [...new Set(input.subjectIds)];
  await recordEvent(tx, {
    type: 'breach.recorded',
    subjectId: null,
    payload: {
      incidentId: incident!.id,
      discoveredAt: input.discoveredAt.toISOString(),
      authorityDueAt: dueAt.toISOString(),
      subjects: subjectIds.length,
    },
  });
  return incident!.id;
}

/** Subjects identified after the incident was recorded (before they are notified). */
export async function addIncidentSubjects(tx: Tx, user: User, input: { incidentId: string; subjectIds: string[] }) {
  const staff = authorize(user, 'incidents.manage');
  const [incident] = await tx.select().from(incidents).where(eq(incidents.id, input.incidentId)).for('update');
  if (!incident) throw new DomainError<StaffRefusal>('notFound');
  if (incident.subjectsNotifiedAt) throw new DomainError<StaffRefusal>('stale');
  if (input.subjectIds.length === 0) throw new DomainError<StaffRefusal>('invalid');
  await linkSubjects(tx, staff, incident.id, input.subjectIds);
}

export async function markAuthorityNotified(tx: Tx, user: User, input: { incidentId: string }) {
  authorize(user, 'incidents.manage');
  const [updated] = await tx
    .update(incidents)
    .set({ authorityNotifiedAt: new Date() })
    .where(eq(incidents.id, input.incidentId))
    .returning({ id: incidents.id });
  if (!updated) throw new DomainError<StaffRefusal>('notFound');
}

/** Tells each affected subject, in their language, what happened and what was done. */
export async function notifyIncidentSubjects(tx: Tx, user: User, input: { incidentId: string }) {
  authorize(user, 'incidents.manage');
  const [incident] = await tx.select().from(incidents).where(eq(incidents.id, input.incidentId)).for('update');
  if (!incident) throw new DomainError<StaffRefusal>('notFound');
  if (incident.subjectsNotifiedAt) throw new DomainError<StaffRefusal>('stale');
  const people = await tx
    .select({ subjectId: incidentSubjects.subjectId, locale: subjects.locale })
    .from(incidentSubjects)
    .innerJoin(subjects, eq(subjects.id, incidentSubjects.subjectId))
    .where(eq(incidentSubjects.incidentId, incident.id));
  if (people.length === 0) throw new DomainError<StaffRefusal>('invalid');
  for (const { subjectId, locale } of people) {
    await recordEvent(tx, {
      type: 'breach.subject_notified',
      subjectId,
      payload: {
        incidentId: incident.id,
        discoveredAt: incident.discoveredAt.toISOString(),
        description: breachTextFor(locale, incident.description, incident.descriptionRu),
        measures: breachTextFor(locale, incident.measures, incident.measuresRu),
      },
    });
  }
  await tx.update(incidents).set({ subjectsNotifiedAt: new Date() }).where(eq(incidents.id, incident.id));
}
