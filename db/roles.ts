import { sql } from 'drizzle-orm';
import type postgres from 'postgres';
import type { DbOrTx } from '.';

/**
 * Two database roles, so that the portal cannot rewrite its own audit trail (Art. 22(1)(5)):
 * - the owner owns the tables and runs the migrations (DATABASE_OWNER_URL); nothing else uses it;
 * - the application role is what the portal and the worker connect as (DATABASE_URL): no
 *   superuser, not the owner nor a member of it, granted here the DML it needs and no more. It
 *   may not UPDATE, DELETE or TRUNCATE the audit events or their seals, and, not owning them, may
 *   not ALTER TABLE … DISABLE TRIGGER; without superuser it may not SET session_replication_role.
 * The grants are applied after every migration, so a table a migration adds is granted at once;
 * README, "Going to production", shows the same statements for a DBA.
 */

/**
 * Tables the application role may read and add to, never change: the chain, the subjects its batch
 * events name (migration 0030), its seals, the consent records.
 */
export const APPEND_ONLY_TABLES = ['audit_events', 'audit_event_subjects', 'audit_seals', 'consent_records'] as const;

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The statements granting `role` what the portal needs on the owner's tables (as the owner). */
export function applicationRoleGrants(role: string): string[] {
  const r = quoteIdentifier(role);
  return [
    `GRANT USAGE ON SCHEMA public TO ${r}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`,
    // Whatever was granted before (GRANT ALL by hand): never these.
    `REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${r}`,
    `REVOKE UPDATE, DELETE ON ${APPEND_ONLY_TABLES.join(', ')} FROM ${r}`,
    // An event committed but not chained yet (migration 0034) is not rewritten either: the portal
    // inserts it and deletes it, which chains it (its DELETE trigger), never updates it.
    `REVOKE UPDATE ON audit_events_pending FROM ${r}`,
  ];
}

export async function grantApplicationRole(owner: postgres.Sql, role: string): Promise<void> {
  await owner.begin(async (tx) => {
    for (const statement of applicationRoleGrants(role)) await tx.unsafe(statement);
  });
}

/** The role a postgres:// URL logs in as. */
export function roleOfUrl(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/**
 * What the role this connection logs in as could do to the audit trail that it must not: one
 * sentence per problem, none when it is a proper application role. Checked at start (scripts/runtime.ts).
 */
export async function findApplicationRoleProblems(db: DbOrTx): Promise<string[]> {
  // Every append-only table of the trail, not only the events: the subjects a batch event names
  // (audit_event_subjects) are covered by its hash, and rewriting them is rewriting the trail.
  const rows = await db.execute<{
    role: string;
    is_superuser: boolean;
    table_name: string;
    is_owner: boolean;
    can_change: boolean;
    can_skip_triggers: boolean;
  }>(sql`
    select current_user as role,
           r.rolsuper as is_superuser,
           c.relname as table_name,
           pg_has_role(current_user, c.relowner, 'MEMBER') as is_owner,
           has_table_privilege(c.oid, 'UPDATE') or has_table_privilege(c.oid, 'DELETE')
             or has_table_privilege(c.oid, 'TRUNCATE') as can_change,
           has_parameter_privilege('session_replication_role', 'SET') as can_skip_triggers
    from pg_roles r, pg_class c
    where r.rolname = current_user
      and c.oid in (select to_regclass('public.' || t) from unnest(${sql.raw(`array['${APPEND_ONLY_TABLES.join("','")}']`)}) t)
    order by c.relname = 'audit_events' desc, c.relname`);
  const [row] = rows;
  if (!row || row.table_name !== 'audit_events') return ['the role of DATABASE_URL could not be checked'];
  const role = `the role "${row.role}" of DATABASE_URL`;
  const problems: string[] = [];
  // A superuser passes every other check too: one sentence says it.
  if (row.is_superuser) return [`${role} is a superuser: it can switch the audit log's triggers off`];
  for (const table of rows) {
    if (table.is_owner)
      problems.push(`${role} owns ${table.table_name} (or is a member of its owner): it can disable its triggers`);
    if (table.can_change) problems.push(`${role} may UPDATE, DELETE or TRUNCATE ${table.table_name}`);
  }
  if (row.can_skip_triggers) problems.push(`${role} may SET session_replication_role, which skips triggers`);
  return problems;
}
