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

/**
 * Art. 25(2)(8), last indent: a personal-data security breach is notified to the authorized body
 * within one working day of its discovery (deadline policy BREACH_NOTICE), with the responsible
 * person's contacts, the measures taken and the affected subjects' identifiers (Rules 481/НҚ).
 */
export async function recordIncident(
  tx: Tx,
  user: User,
  input: { discoveredAt: Date; description: string; measures: string; subjectIds: string[] },
) {
  const staff = authorize(user, 'incidents.manage');
  const description = input.description.trim();
  const measures = input.measures.trim();
  const subjectIds = [...new Set(input.subjectIds)];
  if (!description || !measures || description.length > 8000 || measures.length > 8000 || subjectIds.length === 0)
    throw new DomainError<StaffRefusal>('invalid');
  if (Number.isNaN(input.discoveredAt.getTime()) || input.discoveredAt.getTime() > Date.now() + 60_000)
    throw new DomainError<StaffRefusal>('invalid');
  const found = await tx.select({ id: subjects.id }).from(subjects).where(inArray(subjects.id, subjectIds));
  if (found.length !== subjectIds.length) throw new DomainError<StaffRefusal>('notFound');

  const { dueAt } = await computeDueAtFor(tx, 'BREACH_NOTICE', input.discoveredAt);
  const [incident] = await tx
    .insert(incidents)
    .values({ discoveredAt: input.discoveredAt, description, measures, authorityDueAt: dueAt, recordedById: staff.id })
    .returning({ id: incidents.id });
  await tx.insert(incidentSubjects).values(subjectIds.map((subjectId) => ({ incidentId: incident!.id, subjectId })));
  for (const subjectId of subjectIds) {
    await recordAudit(tx, {
      actor: staff,
      action: 'incident_recorded',
      subjectId,
      entityType: 'incident',
      entityId: incident!.id,
    });
  }
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
    .select({ subjectId: incidentSubjects.subjectId })
    .from(incidentSubjects)
    .where(eq(incidentSubjects.incidentId, incident.id));
  for (const { subjectId } of people) {
    await recordEvent(tx, {
      type: 'breach.subject_notified',
      subjectId,
      payload: {
        incidentId: incident.id,
        discoveredAt: incident.discoveredAt.toISOString(),
        description: incident.description,
        measures: incident.measures,
      },
    });
  }
  await tx.update(incidents).set({ subjectsNotifiedAt: new Date() }).where(eq(incidents.id, incident.id));
}
