import { asc, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { recipients } from '@/db/schema/inventory';
import { subjects } from '@/db/schema/subjects';
import { transfers } from '@/db/schema/transfers';

/** The transfers register, newest first, with whether each notice was due and sent (Art. 19). */
export async function listTransfers(db: DbOrTx, limit = 100) {
  return db
    .select({
      id: transfers.id,
      transferredAt: transfers.transferredAt,
      basis: transfers.basis,
      crossBorderBasis: transfers.crossBorderBasis,
      noticeDueAt: transfers.noticeDueAt,
      noticeSentAt: transfers.noticeSentAt,
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
