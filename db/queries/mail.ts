import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { OUTBOX_CHANNEL, outgoingEmails } from '@/db/schema/mail';

/** The newest e-mails in the outbox, optionally to one address: what the demo mailbox shows. */
export async function listRecentEmails(db: DbOrTx, { to, limit = 50 }: { to?: string; limit?: number }) {
  return db
    .select({
      id: outgoingEmails.id,
      to: outgoingEmails.toAddress,
      subject: outgoingEmails.subject,
      text: outgoingEmails.textBody,
      state: outgoingEmails.state,
      createdAt: outgoingEmails.createdAt,
    })
    .from(outgoingEmails)
    .where(to ? eq(outgoingEmails.toAddress, to.toLowerCase()) : undefined)
    .orderBy(desc(outgoingEmails.id))
    .limit(limit);
}

export type OutboxStatus = {
  pending: number;
  /** Seconds since the oldest pending e-mail was written; null when none waits. */
  oldestPendingSeconds: number | null;
  failed: number;
};

/** The outbox at a glance, for the health check, the metrics and `derbes outbox status`. Partial indexes make it cheap. */
export async function findOutboxStatus(db: DbOrTx): Promise<OutboxStatus> {
  const [row] = await db.execute<{ pending: string; oldest: string | null; failed: string }>(sql`
    select (select count(*) from outgoing_emails where state = 'pending') as pending,
           (select extract(epoch from now() - min(created_at)) from outgoing_emails where state = 'pending') as oldest,
           (select count(*) from outgoing_emails where state = 'failed') as failed`);
  return {
    pending: Number(row?.pending ?? 0),
    oldestPendingSeconds: row?.oldest == null ? null : Math.round(Number(row.oldest)),
    failed: Number(row?.failed ?? 0),
  };
}

/** E-mails that gave up, newest first, without their addresses or texts. */
export async function listFailedEmails(db: DbOrTx, limit = 20) {
  return db
    .select({
      id: outgoingEmails.id,
      kind: outgoingEmails.kind,
      attempts: outgoingEmails.attempts,
      createdAt: outgoingEmails.createdAt,
      lastError: outgoingEmails.lastError,
    })
    .from(outgoingEmails)
    .where(eq(outgoingEmails.state, 'failed'))
    .orderBy(desc(outgoingEmails.id))
    .limit(limit);
}

/** Puts failed e-mails (all, or one) back in the queue for a fresh series of attempts. Returns how many. */
export async function retryFailedEmails(db: DbOrTx, id?: number): Promise<number> {
  const rows = await db
    .update(outgoingEmails)
    .set({ state: 'pending', attempts: 0, nextAttemptAt: sql`now()`, lockedUntil: null, lockedBy: null })
    .where(and(eq(outgoingEmails.state, 'failed'), id === undefined ? undefined : eq(outgoingEmails.id, id)))
    .returning({ id: outgoingEmails.id });
  if (rows.length) await db.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
  return rows.length;
}
