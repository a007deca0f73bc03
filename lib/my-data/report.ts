import { eq, getTableColumns, sql, type Table } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { runPrebuilt } from '@/db/prebuilt';
import { purposes, recipients, type Purpose, type Recipient } from '@/db/schema/inventory';
import { subjects, type Subject } from '@/db/schema/subjects';
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

/** A row a statement returned as JSON (`to_jsonb`), as Drizzle maps the table's rows: property names, dates as Date. */
function rowFromJson<T extends Table>(table: T, json: Record<string, unknown>): T['$inferSelect'] {
  return Object.fromEntries(
    Object.entries(getTableColumns(table)).map(([key, column]) => {
      const value = json[key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)];
      return [key, value === null || value === undefined ? null : column.mapFromDriverValue(value)];
    }),
  ) as T['$inferSelect'];
}

const date = (value: string | null) => (value === null ? null : new Date(value));

type ReportJson = {
  items: {
    id: string;
    category_id: string;
    value: string | null;
    state: ItemReport['state'];
    source: ItemReport['source'];
    source_detail: string | null;
    method: ItemReport['method'];
    collected_at: string;
    updated_at: string;
    blocked_at: string | null;
    destroyed_at: string | null;
    system_name: { kk: string; ru: string; en: string } | null;
    system_storage: { kk: string; ru: string; en: string } | null;
    system_country: string | null;
    category: Omit<CategoryReport, 'items' | 'accessLevel'> & { access_level: CategoryReport['accessLevel'] };
  }[];
  links: { data_item_id: string; purpose_id: string; ended_at: string | null }[];
  purposes: Record<string, unknown>[];
  recipients: { purpose_id: string; recipient: Record<string, unknown> }[];
  consent_ends: { purpose_id: string; withdrawn_at: string | null; expired_at: string | null }[];
  objections: { purpose_id: string; upheld_at: string }[];
};

/**
 * The subject's items with their categories and systems, the items' purposes, the purposes'
 * recipients, and the ends of the consents and the upheld objections behind them: one statement
 * (issue 15: eight reads were sent in two rounds, each built by Drizzle again; the ACCESS
 * statement reads them before every execution). Items in the categories' order, then by when
 * collected; the consents behind a purpose newest first.
 */
const reportJson = (db: DbOrTx, subjectId: string) =>
  runPrebuilt<{ report: ReportJson }>(
    db,
    'my-data.report',
    () => sql`
      with items as (
             select i.id, i.category_id, i.value, i.state, i.source, i.source_detail, i.method, i.collected_at,
                    i.updated_at, i.blocked_at, i.destroyed_at, y.name as system_name,
                    y.storage_location as system_storage, y.country as system_country,
                    json_build_object('id', c.id, 'code', c.code, 'name', c.name, 'access_level', c.access_level) as category,
                    c.sort_order
             from data_items i
             join data_categories c on c.id = i.category_id
             left join systems y on y.id = i.system_id
             where i.subject_id = ${sql.placeholder('subjectId')}::uuid),
           links as (
             select l.data_item_id, l.purpose_id, l.ended_at from data_item_purposes l
             join data_items i on i.id = l.data_item_id
             where i.subject_id = ${sql.placeholder('subjectId')}::uuid),
           purpose_ids as (select distinct purpose_id as id from links)
      select json_build_object(
        'items', coalesce((select json_agg(i order by i.sort_order, i.collected_at) from items i), '[]'),
        'links', coalesce((select json_agg(l) from links l), '[]'),
        'purposes', coalesce((select json_agg(p) from purposes p where p.id in (select id from purpose_ids)), '[]'),
        'recipients', coalesce((
          select json_agg(json_build_object('purpose_id', pr.purpose_id, 'recipient', r))
          from purpose_recipients pr join recipients r on r.id = pr.recipient_id
          where pr.purpose_id in (select id from purpose_ids)), '[]'),
        'consent_ends', coalesce((
          select json_agg(json_build_object('purpose_id', cp.purpose_id, 'withdrawn_at', c.withdrawn_at,
                                            'expired_at', c.expired_at) order by c.given_at desc)
          from consent_purposes cp join consents c on c.id = cp.consent_id
          where c.subject_id = ${sql.placeholder('subjectId')}::uuid and cp.purpose_id in (select id from purpose_ids)), '[]'),
        'objections', coalesce((
          select json_agg(json_build_object('purpose_id', o.purpose_id, 'upheld_at', o.upheld_at))
          from purpose_objections o
          where o.subject_id = ${sql.placeholder('subjectId')}::uuid and o.purpose_id in (select id from purpose_ids)), '[]')
      ) as report`,
    { subjectId },
  ).then(([row]) => row!.report);

/** `known`: the subject's row when the caller has read it already (My data), not read again. */
export async function findMyDataReport(db: DbOrTx, subjectId: string, known?: Subject): Promise<MyDataReport | null> {
  // The subject and the rest of the report: two statements sent together (one round trip).
  const [subjectRows, report] = await Promise.all([
    known?.id === subjectId
      ? [known]
      : runPrebuilt<Subject>(
          db,
          'my-data.subject',
          (b) =>
            b
              .select()
              .from(subjects)
              .where(eq(subjects.id, sql.placeholder('subjectId'))),
          { subjectId },
          subjects,
        ),
    reportJson(db, subjectId),
  ]);
  const subject = subjectRows[0];
  if (!subject) return null;
  const items = report.items.map((item) => ({
    id: item.id,
    categoryId: item.category_id,
    value: item.value,
    state: item.state,
    source: item.source,
    sourceDetail: item.source_detail,
    method: item.method,
    collectedAt: new Date(item.collected_at),
    updatedAt: new Date(item.updated_at),
    blockedAt: date(item.blocked_at),
    destroyedAt: date(item.destroyed_at),
    systemName: item.system_name,
    systemStorage: item.system_storage,
    systemCountry: item.system_country,
    category: {
      id: item.category.id,
      code: item.category.code,
      name: item.category.name,
      accessLevel: item.category.access_level,
    },
  }));
  const links = report.links.map((link) => ({
    dataItemId: link.data_item_id,
    purposeId: link.purpose_id,
    endedAt: date(link.ended_at),
  }));
  const purposeRows = report.purposes.map((row) => rowFromJson(purposes, row));
  const recipientRows = report.recipients.map((row) => ({
    purposeId: row.purpose_id,
    recipient: rowFromJson(recipients, row.recipient),
  }));
  const consentEnds = report.consent_ends.map((row) => ({
    purposeId: row.purpose_id,
    withdrawnAt: date(row.withdrawn_at),
    expiredAt: date(row.expired_at),
  }));
  const objections = report.objections.map((row) => ({ purposeId: row.purpose_id, upheldAt: new Date(row.upheld_at) }));

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
