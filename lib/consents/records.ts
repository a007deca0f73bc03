import { createHash, randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db';
import { findOperatorProfile } from '@/db/queries/operator';
import type { LocalizedText } from '@/db/schema/columns';
import {
  consentCategories,
  consentPurposes,
  consentRecords,
  consents,
  type ConsentChannel,
  type ConsentEvent,
  type ConsentRecord,
} from '@/db/schema/consents';
import { dataCategories, purposeCategories, purposeRecipients, purposes, recipients } from '@/db/schema/inventory';
import { subjects, type Locale } from '@/db/schema/subjects';
import type { Actor } from '@/lib/audit/record';
import { DomainError } from '@/lib/errors';
import { currentNoticeVersion, publishFirstNoticeVersion } from '@/lib/privacy-notice/versions';

/**
 * Art. 8(4), 25(2)(5), ISO/IEC TS 27560: the evidence of each consent event. A record holds the
 * whole content of the consent as it stood, so a past state can be shown and proven even after the
 * consent, the operator's details or the inventory changed. Records are append-only (the database
 * refuses UPDATE and DELETE) and each is hashed over all of it and chained to the subject's
 * previous record, so a record removed or altered out of band shows.
 */
export type ConsentContent = {
  /** (1) the operator's name and BIN, with what 27560 needs of a party. */
  operator: {
    name: LocalizedText;
    bin: string;
    address: LocalizedText;
    email: string;
    phone: string;
    storageLocation: LocalizedText;
    storageCountry: string;
  };
  /** (2) the subject's full name. */
  subjectName: string;
  /** (3) the term; no end: until the purposes are achieved (Art. 8(6)). */
  term: { validFrom: string; validUntil: string | null };
  /** (4) transfer to third parties, and to whom. */
  thirdPartyTransfer: {
    yes: boolean;
    recipients: { code: string; name: LocalizedText; bin: string | null; country: string }[];
  };
  /** (5) cross-border transfer, and to which countries. */
  crossBorderTransfer: { yes: boolean; countries: string[] };
  /** (6) distribution in publicly available sources. */
  publicSources: boolean;
  /** (7) the list of data. */
  dataCategories: { code: string; name: LocalizedText }[];
  /** (8) other information the operator set. */
  otherTerms: LocalizedText | null;
  /** What the consent is for, with each purpose's retention (Art. 12(2)). */
  purposes: { code: string; name: LocalizedText; description: LocalizedText; retention: LocalizedText }[];
};

/** JSON with keys sorted at every level and no spaces: one serialisation for one value (cf. RFC 8785). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The fields a record's hash covers: all of it but the hash itself and the storage order. */
export function consentRecordHash(record: Omit<ConsentRecord, 'sha256' | 'seq'>): string {
  const {
    id,
    consentId,
    subjectId,
    event,
    at,
    content,
    noticeVersion,
    locale,
    channel,
    actorRole,
    actorId,
    prevSha256,
  } = record;
  const canonical = canonicalJson({
    id,
    consentId,
    subjectId,
    event,
    at,
    content,
    noticeVersion,
    locale,
    channel,
    actorRole,
    actorId,
    prevSha256,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

async function operatorParty(tx: DbOrTx): Promise<ConsentContent['operator']> {
  const operator = await findOperatorProfile(tx);
  if (!operator) throw new DomainError('notFound');
  const { name, bin, address, email, phone, storageLocation, storageCountry } = operator;
  return { name, bin, address, email, phone, storageLocation, storageCountry };
}

async function purposesContent(tx: DbOrTx, purposeIds: string[]) {
  if (purposeIds.length === 0) return { purposes: [], recipients: [] };
  const [rows, recipientRows] = await Promise.all([
    tx.select().from(purposes).where(inArray(purposes.id, purposeIds)).orderBy(asc(purposes.sortOrder)),
    tx
      .selectDistinct({
        code: recipients.code,
        name: recipients.name,
        bin: recipients.bin,
        country: recipients.country,
      })
      .from(purposeRecipients)
      .innerJoin(recipients, eq(recipients.id, purposeRecipients.recipientId))
      .where(inArray(purposeRecipients.purposeId, purposeIds))
      .orderBy(asc(recipients.code)),
  ]);
  return {
    purposes: rows.map((p) => ({
      code: p.code,
      name: p.name,
      description: p.description,
      retention: p.retentionDescription,
    })),
    recipients: recipientRows,
  };
}

function transfers(
  thirdParty: boolean,
  crossBorder: boolean,
  list: ConsentContent['thirdPartyTransfer']['recipients'],
) {
  const shown = thirdParty ? list : [];
  return {
    thirdPartyTransfer: { yes: thirdParty, recipients: shown },
    crossBorderTransfer: {
      yes: crossBorder,
      countries: crossBorder ? [...new Set(list.map((r) => r.country).filter((c) => c !== 'KZ'))].sort() : [],
    },
  };
}

/** A consent's Art. 8(4) content as it stands now, read from the consent and the inventory. */
export async function consentContentOf(tx: DbOrTx, consentId: string): Promise<ConsentContent> {
  const [consent] = await tx.select().from(consents).where(eq(consents.id, consentId));
  if (!consent) throw new DomainError('notFound');
  const [purposeRows, categoryRows, operator] = await Promise.all([
    tx.select({ id: consentPurposes.purposeId }).from(consentPurposes).where(eq(consentPurposes.consentId, consentId)),
    tx
      .select({ code: dataCategories.code, name: dataCategories.name })
      .from(consentCategories)
      .innerJoin(dataCategories, eq(dataCategories.id, consentCategories.categoryId))
      .where(eq(consentCategories.consentId, consentId))
      .orderBy(asc(dataCategories.sortOrder)),
    operatorParty(tx),
  ]);
  const related = await purposesContent(
    tx,
    purposeRows.map((p) => p.id),
  );
  return {
    // The name and BIN the subject agreed with are the consent's own; contacts are today's.
    operator: { ...operator, name: consent.operatorName, bin: consent.operatorBin },
    subjectName: consent.subjectName,
    term: { validFrom: consent.validFrom.toISOString(), validUntil: consent.validUntil?.toISOString() ?? null },
    ...transfers(consent.thirdPartyTransfer, consent.crossBorderTransfer, related.recipients),
    publicSources: consent.publicSources,
    dataCategories: categoryRows,
    otherTerms: consent.otherTerms,
    purposes: related.purposes,
  };
}

/**
 * The content of the publication consent a subject is asked for (Art. 8(4) with (6) = yes), before
 * any consent exists: what the Consents page shows before agreeing, and what a refusal records.
 */
export async function publicationConsentContent(
  tx: DbOrTx,
  subjectId: string,
  purposeId: string,
  now: Date,
): Promise<ConsentContent> {
  const [[subject], [purpose], categoryRows, operator] = await Promise.all([
    tx.select({ fullName: subjects.fullName }).from(subjects).where(eq(subjects.id, subjectId)),
    tx
      .select({ id: purposes.id })
      .from(purposes)
      .where(and(eq(purposes.id, purposeId), eq(purposes.publishes, true))),
    tx
      .select({ code: dataCategories.code, name: dataCategories.name })
      .from(purposeCategories)
      .innerJoin(dataCategories, eq(dataCategories.id, purposeCategories.categoryId))
      .where(eq(purposeCategories.purposeId, purposeId))
      .orderBy(asc(dataCategories.sortOrder)),
    operatorParty(tx),
  ]);
  if (!subject || !purpose) throw new DomainError('notFound');
  const related = await purposesContent(tx, [purpose.id]);
  return {
    operator,
    subjectName: subject.fullName ?? '—',
    term: { validFrom: now.toISOString(), validUntil: null },
    // Publication in public sources is neither a transfer to a named third party nor abroad.
    ...transfers(false, false, []),
    publicSources: true,
    dataCategories: categoryRows,
    otherTerms: null,
    purposes: related.purposes,
  };
}

/** Who recorded a consent event, as the receipts name it: the subject, the operator's staff, or the portal. */
export function consentActorKey(role: ConsentRecord['actorRole']): 'subject' | 'staff' | 'system' {
  return role === 'subject' ? 'subject' : role === 'system' ? 'system' : 'staff';
}

export type ConsentEventInput = {
  event: ConsentEvent;
  subjectId: string;
  /** None only for a refused publication consent. */
  consentId: string | null;
  content: ConsentContent;
  actor: Actor;
  channel: ConsentChannel;
  locale: Locale;
  at?: Date;
  noticeVersion?: string;
};

/**
 * The privacy notice version the subject was shown: the one in force (ISO/IEC 29184 5.2.8, a
 * stable reference to /{locale}/privacy/v/N). An installation gets version 1 before any consent.
 */
async function noticeInForce(tx: Tx): Promise<string> {
  await publishFirstNoticeVersion(tx);
  const current = await currentNoticeVersion(tx);
  return String(current!.version);
}

/** Appends one record, chained to the subject's last one, in the caller's transaction. */
export async function appendConsentRecord(tx: Tx, input: ConsentEventInput): Promise<ConsentRecord> {
  // One chain per subject: two events of one subject at once are put in line.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`derbes.consent_records:${input.subjectId}`}))`);
  const [last] = await tx
    .select({ sha256: consentRecords.sha256 })
    .from(consentRecords)
    .where(eq(consentRecords.subjectId, input.subjectId))
    .orderBy(desc(consentRecords.seq))
    .limit(1);
  const row = {
    id: randomUUID(),
    consentId: input.consentId,
    subjectId: input.subjectId,
    event: input.event,
    at: input.at ?? new Date(),
    content: input.content,
    noticeVersion: input.noticeVersion ?? (await noticeInForce(tx)),
    locale: input.locale,
    channel: input.channel,
    actorRole: input.actor.role,
    actorId: input.actor.id,
    prevSha256: last?.sha256 ?? null,
  };
  const [record] = await tx
    .insert(consentRecords)
    .values({ ...row, sha256: consentRecordHash(row) })
    .returning();
  return record!;
}

/**
 * Records an event of an existing consent (given, withdrawn, expired, publication given) with its
 * content as it stands: call it in the transaction that changes the consent's state.
 */
export async function recordConsentEvent(
  tx: Tx,
  input: {
    consentId: string;
    event: Exclude<ConsentEvent, 'publication_refused'>;
    actor: Actor;
    channel?: ConsentChannel;
    locale?: Locale;
    at?: Date;
  },
): Promise<ConsentRecord> {
  const [consent] = await tx
    .select({ subjectId: consents.subjectId, channel: consents.channel, locale: subjects.locale })
    .from(consents)
    .innerJoin(subjects, eq(subjects.id, consents.subjectId))
    .where(eq(consents.id, input.consentId));
  if (!consent) throw new DomainError('notFound');
  const content = await consentContentOf(tx, input.consentId);
  if (input.event === 'given' || input.event === 'publication_given') {
    // The consent's own evidence is the same content, so its hash too covers every Art. 8(4) item.
    const evidenceText = canonicalJson(content);
    const evidenceSha256 = createHash('sha256').update(evidenceText, 'utf8').digest('hex');
    await tx.update(consents).set({ evidenceText, evidenceSha256 }).where(eq(consents.id, input.consentId));
  }
  return appendConsentRecord(tx, {
    event: input.event,
    subjectId: consent.subjectId,
    consentId: input.consentId,
    content,
    actor: input.actor,
    // A withdrawal or expiry is recorded through the portal unless the caller says otherwise.
    channel:
      input.channel ?? (input.event === 'given' || input.event === 'publication_given' ? consent.channel : 'portal'),
    locale: input.locale ?? consent.locale,
    at: input.at,
  });
}

/** A consent's records, oldest first: its history. Only the subject's own (another's is not found). */
export async function listConsentRecords(db: DbOrTx, subjectId: string, consentId: string): Promise<ConsentRecord[]> {
  return db
    .select()
    .from(consentRecords)
    .where(and(eq(consentRecords.subjectId, subjectId), eq(consentRecords.consentId, consentId)))
    .orderBy(asc(consentRecords.seq));
}

/** Each of a subject's consents' records, oldest first, for the Consents page. */
export async function listSubjectConsentRecords(db: DbOrTx, subjectId: string): Promise<ConsentRecord[]> {
  return db
    .select()
    .from(consentRecords)
    .where(eq(consentRecords.subjectId, subjectId))
    .orderBy(asc(consentRecords.seq));
}
