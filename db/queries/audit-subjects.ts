import { sql, type SQL } from 'drizzle-orm';

/**
 * What an event about many subjects (a queue export's batch, issue 15) records of the rows naming
 * them in audit_event_subjects (migration 0032): the batch's id, which those rows carry, how many
 * they are, and the SHA-256 of their lines "subject:request" in subject order, joined by newlines.
 * The chain's hash covers the event's details, and lib/audit/verify.ts computes count and SHA-256
 * again from the rows (namedSubjectsDigestSql), so a row changed, added or removed there is found.
 */
export type NamedSubjects = { count: number; sha256: string };

/**
 * Count and SHA-256 of the rows of `from` (columns subject_id and request_id, uuids), as
 * NamedSubjects holds them: the one place they are computed, by the export writing the rows and by
 * the verification reading them (grouped by `groupBy` when given: one result per batch).
 */
export function namedSubjectsDigestSql(from: SQL, groupBy?: SQL) {
  return sql`select ${groupBy ? sql`${groupBy}, ` : sql``}count(*)::int as count,
    encode(sha256(convert_to(
      string_agg(subject_id::text || ':' || request_id::text, E'\\n' order by subject_id::text collate "C"),
      'UTF8')), 'hex') as sha256
    from ${from}${groupBy ? sql` group by ${groupBy}` : sql``}`;
}
