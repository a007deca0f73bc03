import { getTranslations } from '@/i18n/server';
import { FieldError } from '@/components/action-form';
import { representativeRelationships } from '@/db/schema/representatives';

/** Art. 10(2), 24: who filed the paper request for the subject, if not the subject; empty when they filed it themselves. */
export async function IntakeRepresentativeFields() {
  const t = await getTranslations('representatives');
  return (
    <fieldset className="space-y-3 rounded border border-slate-200 p-3">
      <legend className="px-1 font-medium">{t('intake.title')}</legend>
      <p className="text-sm text-slate-600">{t('intake.help')}</p>
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="space-y-1 text-sm">
          <span className="block font-medium">{t('form.name')}</span>
          <input name="representativeName" maxLength={200} autoComplete="off" className="field-input" />
          <FieldError name="representativeName" />
        </label>
        <label className="space-y-1 text-sm">
          <span className="block font-medium">{t('form.relationship')}</span>
          <select name="representativeRelationship" defaultValue="" className="field-input">
            <option value="">{t('intake.none')}</option>
            {representativeRelationships.map((r) => (
              <option key={r} value={r}>
                {t(`relationships.${r}`)}
              </option>
            ))}
          </select>
          <FieldError name="representativeRelationship" />
        </label>
      </div>
    </fieldset>
  );
}
