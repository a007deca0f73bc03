'use server';

import { z } from 'zod';
import type { InventoryEntity } from '@/db/schema/inventory';
import { checkbox, id, integer, localized, localizedFields } from '@/lib/actions/form-data';
import type { FormState } from '@/lib/actions/form-state';
import { problems, runAction, staffZone } from '@/lib/actions/pipeline';
import { approveDraft } from '@/lib/inventory/approve';
import { checkAgainstInventory, discardDraftChange, retireDraftRecord, saveDraftRecord } from '@/lib/inventory/draft';
import { anyText, recordSchemas, type InventoryRecord } from '@/lib/inventory/records';

/**
 * The inventory's forms. Each form's fields become the record (lib/inventory/records.ts checks it
 * and names the field at fault); the draft takes it after the checks across records. Every save
 * lands in the draft; only the dpo's approval changes what subjects see.
 */

const text = z.string().trim();
const optional = text.transform((value) => (value === '' ? null : value));
const optionalNumber = text.transform((value) => (value === '' ? null : Number(value)));
const recordId = z.union([z.literal('').transform(() => null), id]);
const ids = z.array(z.string());

const forms = {
  category: z
    .object({
      id: recordId,
      code: text,
      ...localizedFields('name'),
      ...localizedFields('description'),
      accessLevel: text,
      isBiometric: checkbox,
      isIin: checkbox,
      sortOrder: integer.catch(0),
    })
    .transform(({ id: recordId, ...form }) => ({
      id: recordId,
      record: {
        code: form.code,
        name: localized(form, 'name'),
        description: localized(form, 'description'),
        accessLevel: form.accessLevel,
        isBiometric: form.isBiometric,
        isIin: form.isIin,
        sortOrder: form.sortOrder,
      },
    })),
  purpose: z
    .object({
      id: recordId,
      code: text,
      ...localizedFields('name'),
      ...localizedFields('description'),
      legalBasis: text,
      art9Point: optional,
      ...localizedFields('legalBasisCitation'),
      retentionKind: text,
      retentionMonths: optionalNumber,
      retentionFrom: optional,
      ...localizedFields('retentionDescription'),
      isAutomated: checkbox,
      ...localizedFields('automatedLogic'),
      withdrawalEffect: text,
      publishes: checkbox,
      sortOrder: integer.catch(0),
      categories: ids,
      recipients: ids,
    })
    .transform(({ id: recordId, ...form }) => ({
      id: recordId,
      record: {
        code: form.code,
        name: localized(form, 'name'),
        description: localized(form, 'description'),
        legalBasis: form.legalBasis,
        art9Point: form.legalBasis === 'art9' ? form.art9Point : null,
        legalBasisCitation: anyText(localized(form, 'legalBasisCitation')),
        retentionKind: form.retentionKind,
        retentionMonths: form.retentionKind === 'period_after_event' ? form.retentionMonths : null,
        retentionFrom: form.retentionKind === 'period_after_event' ? form.retentionFrom : null,
        retentionDescription: localized(form, 'retentionDescription'),
        isAutomated: form.isAutomated,
        automatedLogic: form.isAutomated ? anyText(localized(form, 'automatedLogic')) : null,
        withdrawalEffect: form.withdrawalEffect,
        publishes: form.publishes,
        sortOrder: form.sortOrder,
        categories: form.categories,
        recipients: form.recipients,
      },
    })),
  recipient: z
    .object({
      id: recordId,
      code: text,
      ...localizedFields('name'),
      bin: optional,
      kind: text,
      country: text,
      crossBorderBasis: optional,
      notifySubject: checkbox,
    })
    .transform(({ id: recordId, ...form }) => ({
      id: recordId,
      record: {
        code: form.code,
        name: localized(form, 'name'),
        bin: form.bin,
        kind: form.kind,
        country: form.country,
        crossBorderBasis: form.crossBorderBasis,
        notifySubject: form.notifySubject,
      },
    })),
  system: z
    .object({
      id: recordId,
      code: text,
      ...localizedFields('name'),
      ...localizedFields('ownerDepartment'),
      country: text,
      ...localizedFields('storageLocation'),
      execution: text,
      responsibleId: optional,
      sortOrder: integer.catch(0),
      categories: ids,
    })
    .transform(({ id: recordId, ...form }) => ({
      id: recordId,
      record: {
        code: form.code,
        name: localized(form, 'name'),
        ownerDepartment: localized(form, 'ownerDepartment'),
        country: form.country,
        storageLocation: localized(form, 'storageLocation'),
        execution: form.execution,
        responsibleId: form.execution === 'manual' ? form.responsibleId : null,
        sortOrder: form.sortOrder,
        categories: form.categories,
      },
    })),
};

function saveAction<E extends InventoryEntity>(entity: E, data: FormData): Promise<FormState> {
  // The form's fields as the record, then the record's own rules (a union of four, typed as this one).
  const form = forms[entity] as unknown as z.ZodType<{ id: string | null; record: unknown }>;
  const recordSchema = recordSchemas[entity] as unknown as z.ZodType<InventoryRecord[E]>;
  // The record's issues keep their own paths ("bin", "name", "automatedLogicKk"): those are the
  // form's field names, so each message shows under its field, not only as "correct the form".
  const schema = form.transform((input, ctx) => {
    const parsed = recordSchema.safeParse(input.record);
    if (parsed.success) return { id: input.id, record: parsed.data };
    for (const issue of parsed.error.issues)
      ctx.issues.push({ ...issue, input: input.record } as (typeof ctx.issues)[number]);
    return z.NEVER;
  });
  return runAction(data, {
    zone: staffZone('inventory.manage'),
    schema,
    check: async (input) => {
      const { getDb } = await import('@/db');
      const found = await checkAgainstInventory(getDb(), entity, input.id, input.record);
      return found.length > 0 ? problems(...found) : { input };
    },
    work: (tx, input, admin) => saveDraftRecord(tx, admin, entity, input.id, input.record),
    page: () => '/admin/inventory',
    done: (_t, savedId) => ({ redirect: `/admin/inventory/${entity}/${savedId}?saved=1` }),
  });
}

export async function saveCategoryAction(_state: FormState, data: FormData) {
  return saveAction('category', data);
}
export async function savePurposeAction(_state: FormState, data: FormData) {
  return saveAction('purpose', data);
}
export async function saveRecipientAction(_state: FormState, data: FormData) {
  return saveAction('recipient', data);
}
export async function saveSystemAction(_state: FormState, data: FormData) {
  return saveAction('system', data);
}

export async function retireRecordAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('inventory.manage'),
    schema: z.object({ entity: z.enum(['category', 'purpose', 'recipient', 'system']), id }),
    work: (tx, input, admin) => retireDraftRecord(tx, admin, input.entity, input.id),
    page: () => '/admin/inventory',
    done: (t) => t('inventory.form.retired'),
  });
}

export async function discardChangeAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('inventory.manage'),
    schema: z.object({ change: id }),
    work: (tx, input, admin) => discardDraftChange(tx, admin, input.change),
    page: () => '/admin/inventory/draft',
    done: (t) => t('inventory.draft.discarded'),
  });
}

/** The dpo approves the draft as the next version of the inventory and privacy notice (audited). */
export async function approveDraftAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('notice.publish'),
    // An approval is deliberate: the dpo ticks that the draft as it stands is approved.
    schema: z.object({ confirm: z.literal('on') }),
    work: (tx, _input, dpo) => approveDraft(tx, dpo),
    page: () => '/admin/inventory',
    done: (t, { version, reconsent }) => t('inventory.draft.approved', { version, reconsent }),
  });
}
