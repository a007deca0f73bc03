import { getTranslations } from '@/i18n/server';

const outcomes = ['new', 'update', 'same', 'conflict', 'rejected'] as const;

/** What a dry run or an import counted, by outcome: a list of labelled numbers. */
export async function ImportCounts({
  counts,
  inline = false,
}: {
  counts: Record<string, number> | null | undefined;
  inline?: boolean;
}) {
  if (!counts) return <span className="text-slate-600">—</span>;
  const t = await getTranslations('importRuns');
  return (
    <dl className={inline ? 'flex flex-wrap gap-x-3' : 'grid grid-cols-2 gap-x-6 gap-y-1 sm:grid-cols-5'}>
      {outcomes.map((outcome) => (
        <div key={outcome} className={inline ? 'flex gap-1' : ''}>
          <dt className={inline ? 'text-slate-600' : 'text-sm text-slate-600'}>{t(`counts.${outcome}`)}</dt>
          <dd className={inline ? '' : 'text-xl font-semibold'} data-count={outcome}>
            {t('counts.number', { count: counts[outcome] ?? 0 })}
          </dd>
        </div>
      ))}
    </dl>
  );
}
