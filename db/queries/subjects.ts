import { and, eq, ilike, inArray, isNull, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { subjects, type Subject } from '@/db/schema/subjects';

/** The subject a signed-in person is: linked by account, or by the e-mail address they proved they own. */
export async function findSubjectForUser(db: DbOrTx, user: { id: string; email: string }): Promise<Subject | null> {
  const [subject] = await db
    .select()
    .from(subjects)
    .where(or(eq(subjects.userId, user.id), and(isNull(subjects.userId), eq(subjects.email, user.email))))
    .limit(1);
  return subject ?? null;
}

/** Links the subject with this e-mail to the account that just signed in with it. */
export async function linkSubjectToUser(db: DbOrTx, user: { id: string; email: string }): Promise<Subject | null> {
  const [subject] = await db
    .update(subjects)
    .set({ userId: user.id, updatedAt: new Date() })
    .where(and(eq(subjects.email, user.email), isNull(subjects.userId)))
    .returning();
  return subject ?? (await findSubjectForUser(db, user));
}

/**
 * Shortest part of a reference, an e-mail address or a name the queue looks for: the trigram
 * indexes (requests_reference_trgm, subjects_email_trgm, subjects_full_name_trgm) match three
 * characters or more; a shorter text would read every row.
 */
export const SEARCH_MIN = 3;

/** An ILIKE pattern for "contains this text": a %, _ or backslash in it matches itself. */
export function containsPattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Part of a subject's name, in any case: how staff find a person by name (the intake picker, the
 * audit trail, the queue). Names are stored in clear in subjects.full_name (only the audit trail's
 * old values are encrypted); the trigram index subjects_full_name_trgm serves this from three
 * characters on. Case folding follows the database's C.UTF-8 ctype, which folds Cyrillic and
 * Kazakh letters (Ә/ә, Қ/қ…) too.
 */
export function nameContains(query: string): SQL {
  return ilike(subjects.fullName, containsPattern(query));
}

/**
 * Part of a subject's e-mail address, in any case ("aigul", "@example.kz", "ali@mail.ru"): served
 * from three characters on by the trigram index subjects_email_trgm, which is on the address read
 * as text. With three characters or more before an "@", the index is asked for those and the "@"
 * only, and each row it gives is then tested against the whole text: the domain's trigrams are in
 * nearly every address (a mail provider serves a large share of people), and looked up as well they
 * made the index read a million entries each to find one person by their address (at a million
 * subjects, 53.8 ms of index scan against 15.1 ms for the part before the "@": bench/RESULTS.md
 * round 17). The whole test is written on `email::text || ''`, which the index does not cover, so
 * the planner cannot hand the domain to it; the rows are the same. `text`: where the address is
 * read, the subject's own row or a copy holding it (requests.subject_search, db/queries/queue.ts);
 * `matches`: how that text is tested against a pattern (ILIKE, or LIKE on the copy's lower case).
 */
export function emailContains(
  query: string,
  text: SQLWrapper = sql`${subjects.email}::text`,
  matches: (text: SQLWrapper, pattern: string) => SQL = (text, pattern) => sql`${text} ilike ${pattern}`,
): SQL {
  const pattern = containsPattern(query);
  const local = query.slice(0, Math.max(query.indexOf('@'), 0));
  if ([...local].length < SEARCH_MIN) return matches(text, pattern);
  return sql`(${matches(text, containsPattern(`${local}@`))} and ${matches(sql`(${text} || '')`, pattern)})`;
}

/** More people than this matching part of a name: the picker asks for more of it (SubjectPicker). */
export const PICKER_NARROW = 200;
/** Names in the order Kazakh sorts letters (Асель, Ахметова, Әсел, Ким), made once a process. */
const byKazakhName = new Intl.Collator('kk');

/**
 * Subjects matching an e-mail, an IIN or part of a name, by name: for staff registering a request
 * or a transfer on someone's behalf. A name is looked for as the queue's search is, planned for
 * its pattern (a generic plan cannot know whether it matches one person or a tenth of them), and
 * only the first PICKER_NARROW + 1 matches are read: sorting every "Ахметова" of a million
 * subjects to show twenty took 0.3 s, "Ли" 1.3 s (4 s with a generic plan), and twenty of a
 * hundred thousand namesakes help nobody. `many`: more matched than were read.
 */
export async function searchSubjects(db: DbOrTx, query: string, limit = 20) {
  const q = query.trim();
  if (!q) return { found: [], many: false };
  const exact = /^\d{12}$/.test(q) ? eq(subjects.iin, q) : q.includes('@') ? eq(subjects.email, q) : null;
  const read = (tx: DbOrTx, where: SQL) =>
    tx
      .select({
        id: subjects.id,
        fullName: subjects.fullName,
        email: subjects.email,
        iin: subjects.iin,
        locale: subjects.locale,
      })
      .from(subjects)
      .where(where)
      .limit(PICKER_NARROW + 1);
  const rows = exact
    ? await read(db, exact)
    : await db.transaction(async (tx) => {
        await tx.execute(sql`set local plan_cache_mode = force_custom_plan`);
        // Not enable_seqscan = off as in the queue's search: a common name or two letters is found
        // soonest by reading subjects until the limit (1M subjects: 51 and 29 ms, against 134 and
        // 732 ms through the trigram index); a rare name is planned on the index anyway.
        return read(tx, nameContains(q));
      });
  rows.sort((a, b) => byKazakhName.compare(a.fullName ?? '', b.fullName ?? ''));
  return { found: rows.slice(0, limit), many: rows.length > PICKER_NARROW };
}

/** The subject staff act for (intake, transfers): the id, what to call them, how to write to them and in which language. */
export async function findSubjectForStaff(db: DbOrTx, subjectId: string) {
  const [subject] = await db
    .select({
      id: subjects.id,
      fullName: subjects.fullName,
      email: subjects.email,
      postalAddress: subjects.postalAddress,
      locale: subjects.locale,
    })
    .from(subjects)
    .where(eq(subjects.id, subjectId));
  return subject ?? null;
}

/** The subjects with these e-mail addresses or IINs: staff naming the people a breach affected. */
export async function findSubjectsByEmailOrIin(db: DbOrTx, { emails, iins }: { emails: string[]; iins: string[] }) {
  if (emails.length === 0 && iins.length === 0) return [];
  return db
    .select({ id: subjects.id, email: subjects.email, iin: subjects.iin })
    .from(subjects)
    .where(
      or(
        iins.length > 0 ? inArray(subjects.iin, iins) : undefined,
        emails.length > 0 ? inArray(subjects.email, emails) : undefined,
      ),
    );
}
