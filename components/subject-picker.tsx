import { getTranslations } from '@/i18n/server';
import { getDb } from '@/db';
import { PICKER_NARROW, searchSubjects } from '@/db/queries/subjects';
import { Link } from '@/i18n/link';
import { maskValue } from '@/lib/mask';

/** Staff find the subject a paper request or a transfer is about; choosing adds ?subject=… to `path`. */
export async function SubjectPicker({
  path,
  query,
  labels,
}: {
  path: string;
  query: string;
  labels: { search: string; help: string; submit: string; choose: string; none: string };
}) {
  const [{ found, many }, t] = await Promise.all([searchSubjects(getDb(), query), getTranslations('common')]);
  return (
    <div className="space-y-3">
      <form method="get" className="card flex flex-wrap items-end gap-2">
        <label className="flex-1 space-y-1 text-sm">
          <span className="block font-medium">{labels.search}</span>
          <input name="q" type="search" defaultValue={query} placeholder={labels.help} className="field-input" />
        </label>
        <button type="submit" className="btn-primary">
          {labels.submit}
        </button>
      </form>
      {query && found.length === 0 && <p className="text-slate-600">{labels.none}</p>}
      {many && (
        <p role="status" className="text-slate-600">
          {t('subjectsMany', { count: PICKER_NARROW })}
        </p>
      )}
      <ul className="space-y-2">
        {found.map((s) => (
          <li key={s.id} className="card flex flex-wrap items-center justify-between gap-2 py-3">
            <span>
              {s.fullName ?? '—'}{' '}
              <span className="text-sm text-slate-600">
                {s.email}
                {s.iin && ` · ${maskValue(s.iin)}`}
              </span>
            </span>
            <Link href={`${path}?subject=${s.id}`} className="btn-secondary">
              {labels.choose}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
