import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getTranslations } from '@/i18n/server';
import { ActionForm, FieldError, SubmitButton } from '@/components/action-form';
import { getDb } from '@/db';
import type { LocalizedText } from '@/db/schema/columns';
import { art9Points, crossBorderBases, inventoryEntities, type InventoryEntity } from '@/db/schema/inventory';
import { Link } from '@/i18n/link';
import { requireStaff } from '@/lib/auth/session';
import { recordForEditing, recordsUsing } from '@/lib/inventory/draft';
import { inventoryOverview, listResponsibleStaff } from '@/lib/inventory/overview';
import type { InventoryRecord } from '@/lib/inventory/records';
import { FocusedNotice } from '@/components/focused-notice';
import {
  retireRecordAction,
  saveCategoryAction,
  savePurposeAction,
  saveRecipientAction,
  saveSystemAction,
} from '../../actions';

type Props = {
  params: Promise<{ locale: Locale; entity: string; id: string }>;
  searchParams: Promise<{ saved?: string }>;
};

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isEntity = (value: string): value is InventoryEntity => (inventoryEntities as readonly string[]).includes(value);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'inventory' });
  return { title: t('title') };
}

const actions = {
  category: saveCategoryAction,
  purpose: savePurposeAction,
  recipient: saveRecipientAction,
  system: saveSystemAction,
};

/** One record of the inventory, new or edited, saved into the draft; an approved one may be retired. */
export default async function InventoryRecordPage({ params, searchParams }: Props) {
  const { locale, entity, id } = await params;
  setRequestLocale(locale);
  await requireStaff('inventory.manage');
  if (!isEntity(entity) || (id !== 'new' && !uuid.test(id))) notFound();
  const db = getDb();
  const found = id === 'new' ? null : await recordForEditing(db, entity, id);
  if (id !== 'new' && (!found || found.live?.retiredAt)) notFound();
  const [t, overview, staff, usedBy, { saved }] = await Promise.all([
    getTranslations(),
    inventoryOverview(db),
    listResponsibleStaff(db),
    found?.live && (entity === 'category' || entity === 'recipient')
      ? recordsUsing(db, entity, id)
      : Promise.resolve([]),
    searchParams,
  ]);
  const record = found?.record as (Partial<InventoryRecord[InventoryEntity]> & Record<string, unknown>) | undefined;
  const value = (field: string) => (record?.[field] ?? null) as unknown;
  const title = record?.name?.[locale] || record?.code || t(`inventory.form.newTitle.${entity}`);

  const input = (
    name: string,
    label: string,
    options: { help?: string; type?: string; defaultValue?: string } = {},
  ) => (
    <label className="block space-y-1">
      <span className="block font-medium">{label}</span>
      {options.help && <span className="block text-slate-600">{options.help}</span>}
      <input
        name={name}
        type={options.type ?? 'text'}
        defaultValue={options.defaultValue ?? String(value(name) ?? '')}
        className="field-input"
      />
      <FieldError name={name} />
    </label>
  );
  const localized = (name: string, label: string, multiline = false) => {
    const current = value(name) as LocalizedText | null;
    return (
      <fieldset className="space-y-1">
        <legend className="mb-1 font-medium">{label}</legend>
        <div className="grid gap-2 sm:grid-cols-3">
          {(['kk', 'ru', 'en'] as const).map((l) => {
            const field = `${name}${l[0]!.toUpperCase()}${l[1]}`;
            return (
              <label key={l} className="block space-y-1">
                <span className="block text-xs text-slate-600">{t(`inventory.form.in.${l}`)}</span>
                {multiline ? (
                  <textarea name={field} lang={l} rows={3} defaultValue={current?.[l] ?? ''} className="field-input" />
                ) : (
                  <input name={field} lang={l} defaultValue={current?.[l] ?? ''} className="field-input" />
                )}
              </label>
            );
          })}
        </div>
        <FieldError name={name} />
        <FieldError name={`${name}Kk`} />
      </fieldset>
    );
  };
  const select = (name: string, label: string, options: { value: string; label: string }[]) => (
    <label className="block space-y-1">
      <span className="block font-medium">{label}</span>
      <select name={name} defaultValue={String(value(name) ?? options[0]?.value ?? '')} className="field-input">
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError name={name} />
    </label>
  );
  const check = (name: string, label: string, defaultChecked?: boolean) => (
    <label className="flex items-center gap-2">
      <input name={name} type="checkbox" defaultChecked={defaultChecked ?? value(name) === true} className="size-4" />
      {label}
    </label>
  );
  const links = (name: string, label: string, entityOf: 'category' | 'recipient') => {
    const chosen = (value(name) as string[] | null) ?? [];
    const rows = overview[entityOf].filter((r) => r.state !== 'retired' && r.state !== 'draftRetire');
    return (
      <fieldset className="space-y-1">
        <legend className="mb-1 font-medium">{label}</legend>
        <div className="grid gap-1 sm:grid-cols-2">
          {rows.map((r) => (
            <label key={r.id} className="flex items-center gap-2">
              <input
                name={name}
                type="checkbox"
                value={r.id}
                defaultChecked={chosen.includes(r.id)}
                className="size-4"
              />
              {r.record.name[locale] || r.record.code}
            </label>
          ))}
        </div>
        <FieldError name={name} />
      </fieldset>
    );
  };

  const fields: Record<InventoryEntity, React.ReactNode> = {
    category: (
      <>
        {localized('name', t('inventory.form.name'))}
        {localized('description', t('inventory.form.description'), true)}
        {select('accessLevel', t('inventory.form.accessLevel'), [
          { value: 'restricted', label: t('inventory.form.access.restricted') },
          { value: 'public', label: t('inventory.form.access.public') },
        ])}
        {check('isBiometric', t('inventory.form.isBiometric'))}
        {check('isIin', t('inventory.form.isIin'))}
        {input('sortOrder', t('inventory.form.sortOrder'), {
          type: 'number',
          defaultValue: String(value('sortOrder') ?? 0),
        })}
      </>
    ),
    purpose: (
      <>
        {localized('name', t('inventory.form.name'))}
        {localized('description', t('inventory.form.description'), true)}
        {select('legalBasis', t('inventory.form.legalBasis'), [
          { value: 'consent', label: t('inventory.basis.consent') },
          { value: 'published', label: t('inventory.basis.published') },
          { value: 'art9', label: t('inventory.basis.art9') },
        ])}
        {select('art9Point', t('inventory.form.art9Point'), [
          { value: '', label: t('inventory.form.art9None') },
          ...art9Points.map((p) => ({
            value: p,
            label: `${p}) ${t(`art9Points.p${p.replace('-', '_')}` as 'art9Points.p1')}`,
          })),
        ])}
        {localized('legalBasisCitation', t('inventory.form.citation'))}
        <p className="text-slate-600">{t('inventory.form.citationHelp')}</p>
        <div className="grid gap-2 sm:grid-cols-3">
          {select('retentionKind', t('inventory.form.retentionKind'), [
            { value: 'until_purpose_achieved', label: t('inventory.form.retention.until_purpose_achieved') },
            { value: 'period_after_event', label: t('inventory.form.retention.period_after_event') },
          ])}
          {input('retentionMonths', t('inventory.form.retentionMonths'), { type: 'number' })}
          {select('retentionFrom', t('inventory.form.retentionFrom'), [
            { value: '', label: t('inventory.form.retentionFromNone') },
            { value: 'collected', label: t('inventory.form.from.collected') },
            { value: 'relationship_ended', label: t('inventory.form.from.relationship_ended') },
            { value: 'consent_ended', label: t('inventory.form.from.consent_ended') },
          ])}
        </div>
        {localized('retentionDescription', t('inventory.form.retentionDescription'))}
        {check('isAutomated', t('inventory.form.isAutomated'))}
        {localized('automatedLogic', t('inventory.form.automatedLogic'), true)}
        {select('withdrawalEffect', t('inventory.form.withdrawalEffect'), [
          { value: 'block', label: t('inventory.form.effect.block') },
          { value: 'destroy', label: t('inventory.form.effect.destroy') },
        ])}
        {check('publishes', t('inventory.form.publishes'))}
        {links('categories', t('inventory.form.categories'), 'category')}
        {links('recipients', t('inventory.form.recipients'), 'recipient')}
        {input('sortOrder', t('inventory.form.sortOrder'), {
          type: 'number',
          defaultValue: String(value('sortOrder') ?? 0),
        })}
      </>
    ),
    recipient: (
      <>
        {localized('name', t('inventory.form.name'))}
        {input('bin', t('inventory.form.bin'), { defaultValue: String(value('bin') ?? '') })}
        {select('kind', t('inventory.form.kind'), [
          { value: 'third_party', label: t('recipientKind.third_party') },
          { value: 'processor', label: t('recipientKind.processor') },
          { value: 'public_body', label: t('recipientKind.public_body') },
        ])}
        {input('country', t('inventory.form.country'), { defaultValue: String(value('country') ?? 'KZ') })}
        {select('crossBorderBasis', t('inventory.form.crossBorderBasis'), [
          { value: '', label: t('inventory.form.crossBorderNone') },
          ...crossBorderBases.map((b) => ({ value: b, label: t(`crossBorderBasis.${b}`) })),
        ])}
        {check('notifySubject', t('inventory.form.notifySubject'), record ? value('notifySubject') === true : true)}
      </>
    ),
    system: (
      <>
        {localized('name', t('inventory.form.name'))}
        {localized('ownerDepartment', t('inventory.form.ownerDepartment'))}
        {input('country', t('inventory.form.country'), { defaultValue: String(value('country') ?? 'KZ') })}
        {localized('storageLocation', t('inventory.form.storageLocation'))}
        {select('execution', t('inventory.form.execution'), [
          { value: 'api', label: t('inventory.form.executionApi') },
          { value: 'manual', label: t('inventory.form.executionManual') },
        ])}
        {select('responsibleId', t('inventory.form.responsible'), [
          { value: '', label: t('inventory.form.responsibleNone') },
          ...staff.map((s) => ({ value: s.id, label: s.name ? `${s.name} (${s.email})` : (s.email ?? s.id) })),
        ])}
        {links('categories', t('inventory.form.systemCategories'), 'category')}
        {input('sortOrder', t('inventory.form.sortOrder'), {
          type: 'number',
          defaultValue: String(value('sortOrder') ?? 0),
        })}
      </>
    ),
  };

  return (
    <div className="max-w-4xl space-y-5">
      <p>
        <Link href="/admin/inventory">{t('inventory.back')}</Link>
      </p>
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">{title}</h1>
        <p className="text-slate-600">{t('inventory.form.draftNote')}</p>
      </header>
      {saved === '1' && <FocusedNotice className="text-sm">{t('inventory.form.saved')}</FocusedNotice>}
      <ActionForm action={actions[entity]} className="card space-y-4 text-sm">
        <input type="hidden" name="id" value={id === 'new' ? '' : id} />
        {input('code', t('inventory.form.code'), {
          help: t('inventory.form.codeHelp'),
          defaultValue: String(value('code') ?? ''),
        })}
        {fields[entity]}
        <SubmitButton label={t('inventory.form.save')} pendingLabel={t('inventory.form.saving')} />
      </ActionForm>
      {found?.live && !found.pending?.retire && (
        <section aria-labelledby="retire" className="card space-y-2 text-sm">
          <h2 id="retire" className="text-base font-semibold">
            {t('inventory.form.retireTitle')}
          </h2>
          <p className="text-slate-600">{t('inventory.form.retireHelp')}</p>
          {usedBy.length > 0 && <p>{t('inventory.form.usedBy', { list: usedBy.join(', ') })}</p>}
          <ActionForm action={retireRecordAction} className="space-y-2">
            <input type="hidden" name="entity" value={entity} />
            <input type="hidden" name="id" value={id} />
            <SubmitButton
              label={t('inventory.form.retire')}
              pendingLabel={t('inventory.form.saving')}
              className="btn-secondary py-1.5"
            />
          </ActionForm>
        </section>
      )}
    </div>
  );
}
