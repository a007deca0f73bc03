import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { listSubjectDataItems, type SubjectDataItem } from '@/db/queries/subjects';
import { requireSubject } from '@/lib/auth/session';
import { maskValue } from '@/lib/mask';
import { getOperatorProfile } from '@/lib/operator';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'me' });
  return { title: t('title') };
}

const stateStyle = {
  active: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  blocked: 'bg-amber-50 text-amber-900 ring-amber-200',
  destroyed: 'bg-slate-100 text-slate-600 ring-slate-200',
} as const;

export default async function MyDataPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const { user, subject } = await requireSubject();
  const [t, ts, tsrc, tm, format, operator] = await Promise.all([
    getTranslations('me'),
    getTranslations('itemState'),
    getTranslations('dataSource'),
    getTranslations('processingMethod'),
    getFormatter(),
    getOperatorProfile(),
  ]);
  const operatorName = operator?.name[locale] ?? '';

  if (!subject) {
    return (
      <div className="max-w-2xl space-y-4">
        <h1 className="text-2xl font-bold">{t('nothingHeldTitle')}</h1>
        <p className="text-slate-700">
          {t('nothingHeld', { operator: operatorName, email: user.email, contact: operator?.responsibleEmail ?? '' })}
        </p>
      </div>
    );
  }

  const items = await listSubjectDataItems(getDb(), subject.id);
  const byCategory = new Map<string, SubjectDataItem[]>();
  for (const item of items) byCategory.set(item.categoryId, [...(byCategory.get(item.categoryId) ?? []), item]);
  const date = (d: Date) => format.dateTime(d, { dateStyle: 'long' });

  const renderValue = (item: SubjectDataItem) => {
    if (item.value === null) return <span className="italic text-slate-500">{t('destroyedValue', { date: date(item.destroyedAt!) })}</span>;
    if (item.accessLevel === 'public') return <span className="break-words">{item.value}</span>;
    return (
      <details className="group inline-block">
        <summary className="cursor-pointer list-none font-mono group-open:hidden" aria-label={t('reveal')}>
          {maskValue(item.value)} <span className="font-sans text-sm text-brand-700 underline">{t('reveal')}</span>
        </summary>
        <span className="break-words font-mono">{item.value}</span>
      </details>
    );
  };

  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">{t('title')}</h1>
        <p className="text-slate-700">{t('lead', { operator: operatorName })}</p>
        <p className="text-sm text-slate-600">{t('summary', { items: items.length, categories: byCategory.size })}</p>
      </header>
      {[...byCategory.values()].map((categoryItems) => {
        const category = categoryItems[0]!;
        return (
          <section key={category.categoryId} aria-labelledby={`cat-${category.categoryId}`} className="card space-y-3">
            <h2 id={`cat-${category.categoryId}`} className="text-lg font-semibold">
              {category.categoryName[locale]}
            </h2>
            <ul className="divide-y divide-slate-100">
              {categoryItems.map((item) => (
                <li key={item.id} className="grid gap-2 py-3 sm:grid-cols-[1fr_auto]">
                  <div className="space-y-1">
                    <div>{renderValue(item)}</div>
                    <p className="text-sm text-slate-600">
                      {tsrc(item.source)} · {tm(item.method)} · {t('collectedAt')} {date(item.collectedAt)} · {t('updatedAt')} {date(item.updatedAt)}
                    </p>
                  </div>
                  <span className={`h-fit w-fit rounded-full px-2 py-0.5 text-sm ring-1 ${stateStyle[item.state]}`}>{ts(item.state)}</span>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
