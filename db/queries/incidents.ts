import { count, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { incidentSubjects, incidents } from '@/db/schema/compliance';
import { subjects } from '@/db/schema/subjects';

export async function listIncidents(db: DbOrTx) {
  return db
    .select({
      id: incidents.id,
      discoveredAt: incidents.discoveredAt,
      description: incidents.description,
      descriptionRu: incidents.descriptionRu,
      authorityDueAt: incidents.authorityDueAt,
      authorityNotifiedAt: incidents.authorityNotifiedAt,
      subjectsNotifiedAt: incidents.subjectsNotifiedAt,
      affected: count(incidentSubjects.subjectId),
    })
    .from(incidents)
    .leftJoin(incidentSubjects, eq(incidentSubjects.incidentId, incidents.id))
    .groupBy(incidents.id)
    .orderBy(desc(incidents.discoveredAt));
}

/** A breach with the identifiers of the people it affects, as the authorized body's notice needs them. */
export async function findIncident(db: DbOrTx, id: string) {
  const [incident] = await db.select().from(incidents).where(eq(incidents.id, id));
  if (!incident) return null;
  const affected = await db
    .select({
      id: subjects.id,
      fullName: subjects.fullName,
      iin: subjects.iin,
      phone: subjects.phone,
      email: subjects.email,
    })
    .from(incidentSubjects)
    .innerJoin(subjects, eq(subjects.id, incidentSubjects.subjectId))
    .where(eq(incidentSubjects.incidentId, id));
  return { ...incident, affected };
}
export type IncidentDetail = NonNullable<Awaited<ReturnType<typeof findIncident>>>;
