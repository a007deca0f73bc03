import { z } from 'zod';
import type { LocalizedText } from '@/db/schema/columns';
import {
  art9Points,
  crossBorderBases,
  legalBasisKinds,
  systemExecutions,
  type InventoryEntity,
} from '@/db/schema/inventory';
import { locales } from '@/db/schema/subjects';
import { isValidIin } from '@/lib/iin';

/**
 * One record of the inventory as the admin edits it and as a draft change holds it (the `payload`
 * of inventory_changes): the whole new state, links by the linked records' ids. The rules a single
 * record must keep are here, each failing with a key of `inventory.errors` (messages/*.json); the
 * rules across records (codes unique, links to records that exist, a category in use) are
 * lib/inventory/draft.ts's. A text may lack a language in the draft, never in an approved version.
 */

const text = z.string().trim().max(2000, { error: 'inventory.errors.tooLong' });
const localized = z.object({ kk: text, ru: text, en: text });
const code = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9_]{1,49}$/, { error: 'inventory.errors.code' });
const country = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, { error: 'inventory.errors.country' });
const ids = z.array(z.uuid()).max(200);

export const categoryRecord = z.object({
  code,
  name: localized,
  description: localized,
  accessLevel: z.enum(['public', 'restricted']),
  isBiometric: z.boolean(),
  isIin: z.boolean(),
  sortOrder: z.number().int().min(0).max(10_000),
});

export const purposeRecord = z
  .object({
    code,
    name: localized,
    description: localized,
    legalBasis: z.enum(legalBasisKinds),
    art9Point: z.enum(art9Points).nullable(),
    legalBasisCitation: localized.nullable(),
    retentionKind: z.enum(['until_purpose_achieved', 'period_after_event']),
    retentionMonths: z.number().int().min(1, { error: 'inventory.errors.retentionMonths' }).max(1200).nullable(),
    retentionFrom: z.enum(['collected', 'relationship_ended', 'consent_ended']).nullable(),
    retentionDescription: localized,
    isAutomated: z.boolean(),
    automatedLogic: localized.nullable(),
    withdrawalEffect: z.enum(['block', 'destroy']),
    publishes: z.boolean(),
    sortOrder: z.number().int().min(0).max(10_000),
    categories: ids.min(1, { error: 'inventory.errors.noCategories' }),
    recipients: ids,
  })
  .superRefine((p, ctx) => {
    // Art. 9: the case is named by its sub-point; any ground but consent cites its law or source.
    if ((p.legalBasis === 'art9') !== (p.art9Point !== null))
      ctx.addIssue({ code: 'custom', path: ['art9Point'], message: 'inventory.errors.art9Point' });
    if (p.legalBasis !== 'consent' && !p.legalBasisCitation)
      ctx.addIssue({ code: 'custom', path: ['legalBasisCitationKk'], message: 'inventory.errors.citation' });
    if ((p.retentionKind === 'period_after_event') !== (p.retentionMonths !== null && p.retentionFrom !== null))
      ctx.addIssue({ code: 'custom', path: ['retentionMonths'], message: 'inventory.errors.retentionPeriod' });
    // Art. 19-1: automated processing is explained to the subject, who may object to it.
    if (p.isAutomated && !p.automatedLogic)
      ctx.addIssue({ code: 'custom', path: ['automatedLogicKk'], message: 'inventory.errors.automatedLogic' });
  });

export const recipientRecord = z
  .object({
    code,
    name: localized,
    // Art. 1: a legal entity's BIN has the IIN's check digit.
    bin: z.string().trim().refine(isValidIin, { error: 'inventory.errors.bin' }).nullable(),
    kind: z.enum(['third_party', 'processor', 'public_body']),
    country,
    crossBorderBasis: z.enum(crossBorderBases).nullable(),
    notifySubject: z.boolean(),
  })
  .superRefine((r, ctx) => {
    // Art. 16: data leave Kazakhstan only on one of its grounds.
    if (r.country !== 'KZ' && r.crossBorderBasis === null)
      ctx.addIssue({ code: 'custom', path: ['crossBorderBasis'], message: 'inventory.errors.crossBorderBasis' });
  });

export const systemRecord = z
  .object({
    code,
    name: localized,
    ownerDepartment: localized,
    country,
    storageLocation: localized,
    execution: z.enum(systemExecutions),
    responsibleId: z.string().min(1).nullable(),
    sortOrder: z.number().int().min(0).max(10_000),
    categories: ids.min(1, { error: 'inventory.errors.noCategories' }),
  })
  .superRefine((s, ctx) => {
    if (s.execution === 'manual' && !s.responsibleId)
      ctx.addIssue({ code: 'custom', path: ['responsibleId'], message: 'inventory.errors.responsible' });
  });

export type CategoryRecord = z.output<typeof categoryRecord>;
export type PurposeRecord = z.output<typeof purposeRecord>;
export type RecipientRecord = z.output<typeof recipientRecord>;
export type SystemRecord = z.output<typeof systemRecord>;

export type InventoryRecord = {
  category: CategoryRecord;
  purpose: PurposeRecord;
  recipient: RecipientRecord;
  system: SystemRecord;
};

export const recordSchemas = {
  category: categoryRecord,
  purpose: purposeRecord,
  recipient: recipientRecord,
  system: systemRecord,
} as const satisfies Record<InventoryEntity, z.ZodType>;

/** The record's texts that must be in every language, by field. */
const localizedFields: Record<InventoryEntity, string[]> = {
  category: ['name', 'description'],
  purpose: ['name', 'description', 'legalBasisCitation', 'retentionDescription', 'automatedLogic'],
  recipient: ['name'],
  system: ['name', 'ownerDepartment', 'storageLocation'],
};

/** The fields whose text is empty in some language, with those languages: such a record cannot be approved. */
export function missingLanguages(entity: InventoryEntity, record: object): { field: string; languages: string[] }[] {
  const values = record as Record<string, LocalizedText | null | undefined>;
  return localizedFields[entity].flatMap((field) => {
    const value = values[field];
    if (!value) return [];
    const languages = locales.filter((l) => !value[l]?.trim());
    return languages.length > 0 ? [{ field, languages }] : [];
  });
}

/** Whether any language of an optional text was written: the form sends three empty boxes for "none". */
export function anyText(value: LocalizedText): LocalizedText | null {
  return locales.some((l) => value[l].trim()) ? value : null;
}
