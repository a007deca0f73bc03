import type { Locale } from 'next-intl';
import { getTranslations } from '@/i18n/server';
import type { DiffValue, RecordDiff } from '@/lib/inventory/diff';

const languages = ['kk', 'ru', 'en'] as const;
const isLocalized = (value: DiffValue): value is Record<(typeof languages)[number], string> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What changed between two versions of the inventory, record by record and field by field. */
export async function InventoryDiff({ diff, locale }: { diff: RecordDiff[]; locale: Locale }) {
  const t = await getTranslations('inventory');
  if (diff.length === 0) return <p className="text-sm text-slate-600">{t('diff.none')}</p>;
  const show = (value: DiffValue, other: DiffValue) => {
    if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) return t('diff.empty');
    if (typeof value === 'boolean') return value ? t('diff.yes') : t('diff.no');
    if (Array.isArray(value)) return value.join(', ');
    if (isLocalized(value)) {
      // The languages that changed, each named: a translation fixed in one language shows as that.
      const changed = languages.filter((l) => !isLocalized(other) || other[l] !== value[l]);
      return changed.map((l) => `[${l}] ${value[l] || t('diff.empty')}`).join(' · ');
    }
    return String(value);
  };
  return (
    <ul className="space-y-3 text-sm">
      {diff.map((d) => (
        <li key={`${d.section}:${d.code}`} className="rounded border border-slate-200 p-3">
          <p>
            <span className="font-semibold">{t(`diff.${d.kind}`)}</span>
            {' · '}
            {t(`diff.sections.${d.section}`)}
            {': '}
            {d.name?.[locale] || d.code} <span className="font-mono text-slate-500">({d.code})</span>
          </p>
          {d.fields.length > 0 && (
            <table className="mt-2 w-full text-left">
              <thead className="text-slate-600">
                <tr>
                  <th scope="col" className="w-1/5 pr-2 font-normal">
                    <span className="sr-only">{t('columns.name')}</span>
                  </th>
                  <th scope="col" className="pr-2 font-normal">
                    {t('diff.before')}
                  </th>
                  <th scope="col" className="font-normal">
                    {t('diff.after')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.fields.map((f) => (
                  <tr key={f.field} className="align-top">
                    <th scope="row" className="pr-2 font-medium">
                      {t.has(`fields.${f.field}` as 'fields.name') ? t(`fields.${f.field}` as 'fields.name') : f.field}
                    </th>
                    <td className="pr-2 text-red-800">
                      <del>{show(f.before, f.after)}</del>
                    </td>
                    <td className="text-emerald-900">
                      <ins className="no-underline">{show(f.after, f.before)}</ins>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </li>
      ))}
    </ul>
  );
}
