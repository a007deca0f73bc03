import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { runPrebuilt } from '@/db/prebuilt';
import { consentCategories, consentPurposes, consents, type Consent } from '@/db/schema/consents';
import { dataCategories, purposes } from '@/db/schema/inventory';
import { purposeObjections, requestConsents, requests } from '@/db/schema/requests';
import { openRequestSql } from './requests';

export type ConsentReport = Consent & {
  purposes: { id: string; name: { kk: string; ru: string; en: string }; publishes: boolean }[];
  categories: { id: string; name: { kk: string; ru: string; en: string } }[];
  /** An open WITHDRAW request for this consent, if one was filed. */
  pendingWithdrawal: { id: string; reference: string; dueAt: Date } | null;
};

/** A subject's consents with their purposes and list of data (Art. 8(4)), newest first. */
export async function listSubjectConsents(db: DbOrTx, subjectId: string): Promise<ConsentReport[]> {
  // Built once a process: most subjects have none, and this read is all an ACCESS statement then sends for them.
  const rows = await runPrebuilt<Consent>(
    db,
    'consents.of-subject',
    (b) =>
      b
        .select()
        .from(consents)
        .where(eq(consents.subjectId, sql.placeholder('subjectId')))
        .orderBy(desc(consents.givenAt)),
    { subjectId },
    consents,
  );
  if (rows.length === 0) return [];
  const ids = rows.map((c) => c.id);
  const [purposeRows, categoryRows, pending] = await Promise.all([
    db
      .select({
        consentId: consentPurposes.consentId,
        id: purposes.id,
        name: purposes.name,
        publishes: purposes.publishes,
      })
      .from(consentPurposes)
      .innerJoin(purposes, eq(purposes.id, consentPurposes.purposeId))
      .where(inArray(consentPurposes.consentId, ids))
      .orderBy(asc(purposes.sortOrder)),
    db
      .select({ consentId: consentCategories.consentId, id: dataCategories.id, name: dataCategories.name })
      .from(consentCategories)
      .innerJoin(dataCategories, eq(dataCategories.id, consentCategories.categoryId))
      .where(inArray(consentCategories.consentId, ids))
      .orderBy(asc(dataCategories.sortOrder)),
    db
      .select({
        consentId: requestConsents.consentId,
        id: requests.id,
        reference: requests.reference,
        dueAt: requests.dueAt,
      })
      .from(requestConsents)
      .innerJoin(requests, eq(requests.id, requestConsents.requestId))
      .where(and(inArray(requestConsents.consentId, ids), eq(requests.type, 'WITHDRAW'), openRequestSql)),
  ]);
  const pendingOf = (consentId: string) => {
    const request = pending.find((p) => p.consentId === consentId);
    return request ? { id: request.id, reference: request.reference, dueAt: request.dueAt } : null;
  };
  return rows.map((consent) => ({
    ...consent,
    purposes: purposeRows.filter((p) => p.consentId === consent.id).map(({ consentId: _, ...p }) => p),
    categories: categoryRows.filter((c) => c.consentId === consent.id).map(({ consentId: _, ...c }) => c),
    pendingWithdrawal: pendingOf(consent.id),
  }));
}

/** One consent of this subject, or null: another subject's consent is simply not found. */
export async function findSubjectConsent(
  db: DbOrTx,
  subjectId: string,
  consentId: string,
): Promise<ConsentReport | null> {
  return (await listSubjectConsents(db, subjectId)).find((c) => c.id === consentId) ?? null;
}

/** The subject's objections to automated processing that were upheld (Art. 19-1), by purpose. */
export async function listUpheldObjections(db: DbOrTx, subjectId: string) {
  return db
    .select({ purposeId: purposeObjections.purposeId, upheldAt: purposeObjections.upheldAt })
    .from(purposeObjections)
    .where(eq(purposeObjections.subjectId, subjectId));
}
