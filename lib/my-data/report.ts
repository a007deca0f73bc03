import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { consentPurposes, consents } from '@/db/schema/consents';
import {
  dataCategories,
  purposeRecipients,
  purposes,
  recipients,
  systems,
  type Purpose,
  type Recipient,
} from '@/db/schema/inventory';
import { purposeObjections } from '@/db/schema/requests';
import { dataItemPurposes, dataItems, subjects, type Subject } from '@/db/schema/subjects';
import { retentionEndsAt } from '@/lib/retention';

/**
 * Everything the operator holds about one subject and why (Art. 24(1)(1)): each item with its
 * category, source, method and dates, and for each purpose it serves the legal basis, retention
 * and its end date where it can be computed, and the recipients. Shown on "My data", exported as
 * JSON, CSV and PDF, and sent as the ACCESS statement. Always scoped by the subject's id.
 */
export type PurposeReport = Pick<
  Purpose,
  | 'id'
  | 'code'
  | 'name'
  | 'description'
  | 'legalBasis'
  | 'art9Point'
  | 'legalBasisCitation'
  | 'retentionKind'
  | 'retentionMonths'
  | 'retentionFrom'
  | 'retentionDescription'
  | 'isAutomated'
  | 'automatedLogic'
  | 'publishes'
> & {
  retentionEndsAt: Date | null;
  /** When this purpose stopped for the item (consent withdrawn, objection upheld, removed from public sources). */
  endedAt: Date | null;
  /** The subject withdrew the consent this purpose rested on (Art. 8(7)). */
  consentWithdrawnAt: Date | null;
  /** The subject's objection to this purpose's automated processing was upheld (Art. 19-1). */
  objectionUpheldAt: Date | null;
  recipients: Pick<Recipient, 'id' | 'name' | 'bin' | 'kind' | 'country' | 'crossBorderBasis'>[];
};

export type ItemReport = {
  id: string;
  categoryId: string;
  value: string | null;
  state: 'active' | 'blocked' | 'destroyed';
  source: 'subject' | 'state_database' | 'third_party' | 'operator';
  sourceDetail: string | null;
  method: 'automated' | 'manual';
  collectedAt: Date;
  updatedAt: Date;
  blockedAt: Date | null;
  destroyedAt: Date | null;
  /** The operator's system the item is kept in, and where that is (Art. 12(2)); null: the portal's own copy. */
  system: {
    name: { kk: string; ru: string; en: string };
    storageLocation: { kk: string; ru: string; en: string };
    country: string;
  } | null;
  purposes: PurposeReport[];
};

export type CategoryReport = {
  id: string;
  code: string;
  name: { kk: string; ru: string; en: string };
  accessLevel: 'public' | 'restricted';
  items: ItemReport[];
};

export type MyDataReport = { subject: Subject; categories: CategoryReport[]; itemCount: number };

/** `known`: the subject's row when the caller has read it already (My data), not read again. */
export async function findMyDataReport(db: DbOrTx, subjectId: string, known?: Subject): Promise<MyDataReport | null> {
  // The subject, their items and the items' purposes: three reads sent together (one round trip).
  const [subjectRows, items, links] = await Promise.all([
    known?.id === subjectId ? [known] : db.select().from(subjects).where(eq(subjects.id, subjectId)),
    db
      .select({
        id: dataItems.id,
        categoryId: dataItems.categoryId,
        value: dataItems.value,
        state: dataItems.state,
        source: dataItems.source,
        sourceDetail: dataItems.sourceDetail,
        method: dataItems.method,
        collectedAt: dataItems.collectedAt,
        updatedAt: dataItems.updatedAt,
        blockedAt: dataItems.blockedAt,
        destroyedAt: dataItems.destroyedAt,
        systemName: systems.name,
        systemStorage: systems.storageLocation,
        systemCountry: systems.country,
        category: {
          id: dataCategories.id,
          code: dataCategories.code,
          name: dataCategories.name,
          accessLevel: dataCategories.accessLevel,
        },
      })
      .from(dataItems)
      .innerJoin(dataCategories, eq(dataCategories.id, dataItems.categoryId))
      .leftJoin(systems, eq(systems.id, dataItems.systemId))
      .where(eq(dataItems.subjectId, subjectId))
      .orderBy(asc(dataCategories.sortOrder), asc(dataItems.collectedAt)),
    db
      .select({
        dataItemId: dataItemPurposes.dataItemId,
        purposeId: dataItemPurposes.purposeId,
        endedAt: dataItemPurposes.endedAt,
      })
      .from(dataItemPurposes)
      .innerJoin(dataItems, eq(dataItems.id, dataItemPurposes.dataItemId))
      .where(eq(dataItems.subjectId, subjectId)),
  ]);
  const subject = subjectRows[0];
  if (!subject) return null;
  const purposeIds = [...new Set(links.map((l) => l.purposeId))];

  const [purposeRows, recipientRows, consentEnds, objections] = purposeIds.length
    ? await Promise.all([
        db.select().from(purposes).where(inArray(purposes.id, purposeIds)),
        db
          .select({ purposeId: purposeRecipients.purposeId, recipient: recipients })
          .from(purposeRecipients)
          .innerJoin(recipients, eq(recipients.id, purposeRecipients.recipientId))
          .where(inArray(purposeRecipients.purposeId, purposeIds)),
        db
          .select({
            purposeId: consentPurposes.purposeId,
            withdrawnAt: consents.withdrawnAt,
            expiredAt: consents.expiredAt,
          })
          .from(consentPurposes)
          .innerJoin(consents, eq(consents.id, consentPurposes.consentId))
          .where(and(eq(consents.subjectId, subjectId), inArray(consentPurposes.purposeId, purposeIds)))
          .orderBy(desc(consents.givenAt)),
        db
          .select({ purposeId: purposeObjections.purposeId, upheldAt: purposeObjections.upheldAt })
          .from(purposeObjections)
          .where(and(eq(purposeObjections.subjectId, subjectId), inArray(purposeObjections.purposeId, purposeIds))),
      ])
    : [[], [], [], []];

  const categories = new Map<string, CategoryReport>();
  for (const { category, systemName, systemStorage, systemCountry, ...item } of items) {
    const report: ItemReport = {
      ...item,
      system:
        systemName && systemStorage && systemCountry
          ? { name: systemName, storageLocation: systemStorage, country: systemCountry }
          : null,
      // A destroyed value serves no purpose any more: only its tombstone is shown (Art. 1(6)).
      purposes: links
        .filter((link) => link.dataItemId === item.id && item.state !== 'destroyed')
        .map((link) => {
          const purpose = purposeRows.find((p) => p.id === link.purposeId)!;
          const consentEnd = consentEnds.find((c) => c.purposeId === purpose.id);
          return {
            id: purpose.id,
            code: purpose.code,
            name: purpose.name,
            description: purpose.description,
            legalBasis: purpose.legalBasis,
            art9Point: purpose.art9Point,
            legalBasisCitation: purpose.legalBasisCitation,
            retentionKind: purpose.retentionKind,
            retentionMonths: purpose.retentionMonths,
            retentionFrom: purpose.retentionFrom,
            retentionDescription: purpose.retentionDescription,
            isAutomated: purpose.isAutomated,
            automatedLogic: purpose.automatedLogic,
            publishes: purpose.publishes,
            endedAt: link.endedAt,
            consentWithdrawnAt: purpose.legalBasis === 'consent' ? (consentEnd?.withdrawnAt ?? null) : null,
            objectionUpheldAt: objections.find((o) => o.purposeId === purpose.id)?.upheldAt ?? null,
            retentionEndsAt: retentionEndsAt(purpose, {
              collectedAt: item.collectedAt,
              relationshipEndedAt: subject.relationshipEndedAt,
              consentEndedAt: consentEnd?.withdrawnAt ?? consentEnd?.expiredAt ?? null,
            }),
            recipients: recipientRows
              .filter((r) => r.purposeId === purpose.id)
              .map(({ recipient: r }) => ({
                id: r.id,
                name: r.name,
                bin: r.bin,
                kind: r.kind,
                country: r.country,
                crossBorderBasis: r.crossBorderBasis,
              })),
          };
        }),
    };
    const entry = categories.get(category.id) ?? { ...category, items: [] };
    entry.items.push(report);
    categories.set(category.id, entry);
  }
  // Destroyed items are no longer held: their tombstones are listed but not counted.
  const itemCount = items.filter((item) => item.state !== 'destroyed').length;
  return { subject, categories: [...categories.values()], itemCount };
}

/**
 * An item the operator keeps for no purpose any more (every purpose it served has ended, or it
 * never had one): Art. 18 and 25(2)(8) call for its destruction, so My data offers to ask for it.
 * A destroyed item is only a tombstone and has nothing left to destroy.
 */
export function isHeldForNoPurpose(item: Pick<ItemReport, 'state' | 'purposes'>): boolean {
  return item.state !== 'destroyed' && item.purposes.every((purpose) => purpose.endedAt !== null);
}
