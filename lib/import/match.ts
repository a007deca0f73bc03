import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { subjects, type Subject } from '@/db/schema/subjects';
import type { SubjectRow } from './subjects-file';

/** Why a row is not applied but listed for a person to resolve: keys of `import.conflicts`. */
export const matchConflicts = [
  'externalIdDiffers',
  'iinDiffers',
  'emailDiffers',
  'iinOfAnother',
  'emailOfAnother',
] as const;
export type MatchConflict = (typeof matchConflicts)[number];

export type Match =
  | { kind: 'new' }
  | { kind: 'same'; subjectId: string }
  | { kind: 'update'; subjectId: string; changes: SubjectField[] }
  | { kind: 'conflict'; reason: MatchConflict; subjectId: string };

export type SubjectField = 'externalId' | 'fullName' | 'iin' | 'email' | 'phone' | 'locale';

type Known = Pick<Subject, 'id' | 'externalId' | 'fullName' | 'iin' | 'email' | 'phone' | 'locale'>;

/** What a row would change on the subject it matched; a value the file leaves empty changes nothing. */
function changesOf(row: SubjectRow, known: Known): SubjectField[] {
  const incoming: Record<SubjectField, string | null> = {
    externalId: row.external_id,
    fullName: row.full_name,
    iin: row.iin,
    email: row.email,
    phone: row.phone,
    locale: row.language,
  };
  return (Object.keys(incoming) as SubjectField[]).filter(
    (field) => incoming[field] !== null && incoming[field] !== known[field],
  );
}

/**
 * Which subject a row is, by the operator's external id, then the IIN, then the e-mail address
 * (issue 12, point 5). Nothing is merged on a guess: a row whose keys point at two people, whose IIN
 * or external id contradicts the record found, or that would change the e-mail address a person
 * signs in with, is a conflict for a person to resolve.
 */
export function matchRow(row: SubjectRow, found: SubjectIndex): Match {
  const byExternal = found.byExternalId.get(row.external_id);
  const byIin = row.iin ? found.byIin.get(row.iin) : undefined;
  const byEmail = row.email ? found.byEmail.get(row.email) : undefined;
  const target = byExternal ?? byIin ?? byEmail;
  if (!target) return { kind: 'new' };
  const conflict = (reason: MatchConflict): Match => ({ kind: 'conflict', reason, subjectId: target.id });
  if (target.externalId !== null && target.externalId !== row.external_id) return conflict('externalIdDiffers');
  if (byIin && byIin.id !== target.id) return conflict('iinOfAnother');
  if (byEmail && byEmail.id !== target.id) return conflict('emailOfAnother');
  if (target.iin !== null && row.iin !== null && target.iin !== row.iin) return conflict('iinDiffers');
  const email = target.email?.toLowerCase() ?? null;
  if (email !== null && row.email !== null && email !== row.email) return conflict('emailDiffers');
  const changes = changesOf(row, { ...target, email });
  return changes.length === 0
    ? { kind: 'same', subjectId: target.id }
    : { kind: 'update', subjectId: target.id, changes };
}

/** The subjects a batch of rows could be, by each key. */
export type SubjectIndex = {
  byExternalId: Map<string, Known>;
  byIin: Map<string, Known>;
  byEmail: Map<string, Known>;
};

const knownColumns = {
  id: subjects.id,
  externalId: subjects.externalId,
  fullName: subjects.fullName,
  iin: subjects.iin,
  email: subjects.email,
  phone: subjects.phone,
  locale: subjects.locale,
};

/** Three indexed lookups for a whole batch (the unique indexes on each key), not three a row. */
export async function findCandidates(db: DbOrTx, rows: SubjectRow[]): Promise<SubjectIndex> {
  const keys = (pick: (row: SubjectRow) => string | null) => [
    ...new Set(rows.map(pick).filter((key): key is string => key !== null)),
  ];
  const [externalIds, iins, emails] = [keys((r) => r.external_id), keys((r) => r.iin), keys((r) => r.email)];
  const lookup = (
    column: typeof subjects.externalId | typeof subjects.iin | typeof subjects.email,
    values: string[],
  ) =>
    values.length === 0 ? Promise.resolve([]) : db.select(knownColumns).from(subjects).where(inArray(column, values));
  const [a, b, c] = await Promise.all([
    lookup(subjects.externalId, externalIds),
    lookup(subjects.iin, iins),
    lookup(subjects.email, emails),
  ]);
  return {
    byExternalId: new Map(a.map((s) => [s.externalId!, s])),
    byIin: new Map(b.map((s) => [s.iin!, s])),
    // citext: the stored address may differ in case from the file's lower-cased one.
    byEmail: new Map(c.map((s) => [s.email!.toLowerCase(), s])),
  };
}
