import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { outgoingEmails } from '@/db/schema/mail';

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
