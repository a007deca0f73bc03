import { sql } from 'drizzle-orm';
import { auditEventsPending, type ActorRole, type AuditAction } from '@/db/schema/audit';
import { afterCommitOf, type Tx } from '@/db';
import { runPrebuilt } from '@/db/prebuilt';
import { isNextServer } from '@/lib/env';

/** Who did something: a signed-in person with their role, or the portal itself (jobs, the worker). */
export type Actor = { id: string | null; role: ActorRole };
export const systemActor: Actor = { id: null, role: 'system' };

/** Where a request came from (lib/http/client.ts); nulls for jobs and the command line. */
export type Client = { address: string | null; userAgent: string | null };

const noClient: Client = { address: null, userAgent: null };

/**
 * The current request's client. lib/http/client.ts reads the request's headers and is
 * `server-only`, which cannot even be loaded outside the Next.js server: the worker, the command
 * line and the tests, which record events too, have no request and no client.
 */
async function currentClient(): Promise<Client> {
  if (!isNextServer()) return noClient;
  const { requestClient } = await import('@/lib/http/client');
  return requestClient();
}

export type AuditInput = {
  actor: Actor;
  action: AuditAction;
  /** The subject whose data this is about; they see the event in their activity (Art. 8-2). */
  subjectId?: string | null;
  entityType: string;
  entityId?: string | null;
  /** Why, in words staff or the subject gave (a request reference, a retention rule…). */
  reason?: string | null;
  details?: Record<string, unknown>;
  /** Where the request came from; by default the current request's, if there is one. */
  client?: Client;
};

// Longer is not an address or a browser's name; the cap keeps a forged header from filling the log.
const ADDRESS_MAX = 64;
const USER_AGENT_MAX = 512;

/**
 * The one way to write an audit event. It takes a transaction, so the event commits or rolls back
 * with the change it records: an action is never done without its trace, nor traced but undone.
 *
 * It also records where the request came from, when there is one: the client's address and user
 * agent are personal data, kept for security accountability (telling who really acted with a
 * subject's data when an account is misused, Art. 22(1)(5)); staff see them on the audit trail,
 * the subject never does (their activity page and downloads leave them out), and they are never
 * logged.
 */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<void> {
  await recordAudits(tx, [input]);
}

/**
 * Several events in one statement, in order (an import's batch): the chaining still links each row
 * to the one before, and the whole batch commits or rolls back with its change. The rows
 * travel as one JSON parameter, not thirteen parameters a row: a thousand events go in at about
 * three times the pace (bench/import-items.ts), and the server keeps no prepared statement per
 * batch size.
 */
export async function recordAudits(tx: Tx, inputs: AuditInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const current = inputs.some((input) => !input.client) ? await currentClient() : noClient;
  const rows = inputs.map((input): PendingRow => {
    const client = input.client ?? current;
    return {
      actorId: input.actor.id,
      actorRole: input.actor.role,
      subjectId: input.subjectId ?? null,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId ?? null,
      reason: input.reason ?? null,
      details: input.details ?? {},
      clientAddress: client.address?.slice(0, ADDRESS_MAX) || null,
      userAgent: client.userAgent?.slice(0, USER_AGENT_MAX) || null,
    };
  });
  // The events wait in audit_events_pending, committed with the change, and are chained after the
  // commit (migration 0034, db/audit-chain.ts): id, at, prev_hash and hash are assigned then,
  // under the chain's lock, which no write holds any more (issue 15). The portal's transaction
  // (db/index.ts) chains them before it returns to its caller, when marked here; a transaction of
  // another Drizzle leaves them to the next chaining (the worker sweeps every few seconds). Until
  // then this transaction does not see them in audit_events.
  const after = afterCommitOf(tx);
  if (!after) return writePending(tx, rows);
  // The portal's transaction writes them all in one statement just before its commit (issue 15: an
  // execution recorded two to four, one statement each), in the order recorded: they still commit
  // or roll back with the change, and a savepoint that rolls back drops its own (db/index.ts).
  after.chain = true;
  after.beforeCommit.rows.push(...rows);
  after.beforeCommit.write = writePending as (tx: never, rows: unknown[]) => Promise<void>;
}

type PendingRow = {
  actorId: string | null;
  actorRole: ActorRole;
  subjectId: string | null;
  action: AuditAction;
  entityType: string;
  entityId: string | null;
  reason: string | null;
  details: Record<string, unknown>;
  clientAddress: string | null;
  userAgent: string | null;
};

async function writePending(tx: Tx, rows: PendingRow[]): Promise<void> {
  if (rows.length === 1) {
    // Built once (db/prebuilt.ts): nearly every write sends it.
    await runPrebuilt(
      tx,
      'audit.pending',
      (b) =>
        b.insert(auditEventsPending).values({
          actorId: sql.placeholder('actorId'),
          actorRole: sql.placeholder('actorRole'),
          subjectId: sql.placeholder('subjectId'),
          action: sql.placeholder('action'),
          entityType: sql.placeholder('entityType'),
          entityId: sql.placeholder('entityId'),
          reason: sql.placeholder('reason'),
          details: sql.placeholder('details'),
          clientAddress: sql.placeholder('clientAddress'),
          userAgent: sql.placeholder('userAgent'),
        }),
      rows[0]!,
    );
    return;
  }
  // json_to_recordset yields the rows in the array's order; they are chained in it. Built once as well.
  await runPrebuilt(
    tx,
    'audit.pending.many',
    () => sql`
      insert into audit_events_pending (actor_id, actor_role, subject_id, action, entity_type, entity_id, reason,
                                        details, client_address, user_agent)
      select r."actorId", r."actorRole"::actor_role, r."subjectId", r.action::audit_action, r."entityType",
             r."entityId", r.reason, r.details, r."clientAddress", r."userAgent"
      from json_to_recordset(${sql.placeholder('rows')}::json) as r("actorId" text, "actorRole" text, "subjectId" uuid,
        action text, "entityType" text, "entityId" text, reason text, details jsonb, "clientAddress" text, "userAgent" text)`,
    { rows: JSON.stringify(rows) },
  );
}
