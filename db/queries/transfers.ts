import { asc, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { recipients } from '@/db/schema/inventory';
import { letters } from '@/db/schema/letters';
import { subjects } from '@/db/schema/subjects';
import { transfers } from '@/db/schema/transfers';

/**
 * The transfers register, newest first, with whether each notice was due and sent (Art. 19), and
 * how: a subject without e-mail is told by a letter, sent once staff mark it posted.
 */
export async function listTransfers(db: DbOrTx, limit = 100) {
  return db
    .select({
      id: transfers.id,
      transferredAt: transfers.transferredAt,
      basis: transfers.basis,
      crossBorderBasis: transfers.crossBorderBasis,
      noticeDueAt: transfers.noticeDueAt,
      noticeSentAt: transfers.noticeSentAt,
      noticeByPost: sql<boolean>`exists (select 1 from ${letters} where ${letters.transferId} = ${transfers.id})`,
      recipientName: recipients.name,
      country: recipients.country,
      subjectName: subjects.fullName,
      subjectEmail: subjects.email,
    })
    .from(transfers)
    .innerJoin(recipients, eq(recipients.id, transfers.recipientId))
    .innerJoin(subjects, eq(subjects.id, transfers.subjectId))
    .orderBy(desc(transfers.transferredAt))
    .limit(limit);
}

export async function listRecipients(db: DbOrTx) {
  return db.select().from(recipients).orderBy(asc(recipients.code));
}
