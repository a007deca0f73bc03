import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { ActionForm, SubmitButton } from '@/components/action-form';
import { ConfirmStep } from '@/components/confirm-step';
import { getDb } from '@/db';
import { listDestructionCandidates } from '@/db/queries/retention';
import { can } from '@/lib/auth/permissions';
import { requireStaff } from '@/lib/auth/session';
import { getOperatorProfile } from '@/lib/operator';
import { decideAction, runRetentionAction } from './actions';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'compliance.retention' });
  return { title: t('title') };
}

/** Art. 12(2), 18: the destruction list, and the dpo's decisions on it. */
export default async function RetentionPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requireStaff('retention.view');
  const mayDecide = can(staff.role, 'retention.confirm');
  const db = getDb();
  const [t, tc, format, operator, pending, decided] = await Promise.all([
    getTranslations('compliance.retention'),
    getTranslations('common'),
    getFormatter(),
    getOperatorProfile(),
    listDestructionCandidates(db, { decided: false }),
    listDestructionCandidates(db, { decided: true }),
  ]);
  const date = (d: Date) => format.dateTime(d, { dateStyle: 'medium' });
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">{t('title')}</h1>
        <p className="text-slate-600">{t('lead')}</p>
        <p className="text-sm font-medium">{operator?.autoDestroyExpired ? t('auto') : t('manual')}</p>
      </header>
      {mayDecide && (
        <ActionForm action={runRetentionAction} className="flex flex-wrap items-center gap-3">
          <SubmitButton label={t('run')} pendingLabel={t('run')} className="btn-secondary py-1.5" />
        </ActionForm>
      )}

      <section aria-labelledby="pending" className="card space-y-3">
        <h2 id="pending" className="text-lg font-semibold">
          {t('pending')}
        </h2>
        {pending.length === 0 && <p className="text-slate-600">{t('none')}</p>}
        <ul className="divide-y divide-slate-100">
          {pending.map((c) => (
            <li key={c.id} className="flex flex-wrap items-start justify-between gap-3 py-3 text-sm">
              <span>
                <span className="font-medium">{c.subjectName ?? c.subjectEmail}</span> · {c.category[locale]} ·{' '}
                {t('foundAt', { date: date(c.foundAt) })}
              </span>
              {mayDecide && (
                <div className="flex flex-wrap items-start gap-2">
                  <ActionForm action={decideAction}>
                    <input type="hidden" name="candidateId" value={c.id} />
                    <input type="hidden" name="decision" value="destroy" />
                    {/* Destruction cannot be undone (Art. 1(6)): the first press asks, "Yes" destroys. */}
                    <ConfirmStep
                      ask={t('destroy')}
                      question={t('destroyQuestion')}
                      yes={t('destroyConfirm')}
                      pending={t('destroying')}
                      no={tc('confirmNo')}
                    />
                  </ActionForm>
                  <details>
                    <summary className="btn-secondary cursor-pointer py-1">{t('keep')}</summary>
                    <ActionForm action={decideAction} className="mt-2 space-y-2">
                      <input type="hidden" name="candidateId" value={c.id} />
                      <input type="hidden" name="decision" value="keep" />
                      <label className="block space-y-1">
                        <span className="block">{t('keepReason')}</span>
                        <input name="keepReason" required className="field-input" />
                      </label>
                      <SubmitButton label={t('keep')} pendingLabel={t('keep')} className="btn-secondary py-1" />
                    </ActionForm>
                  </details>
                </div>
              )}
            </li>
          ))}
        </ul>
      </section>

      {decided.length > 0 && (
        <section aria-labelledby="decided" className="card space-y-2">
          <h2 id="decided" className="text-lg font-semibold">
            {t('decided')}
          </h2>
          <ul className="space-y-1 text-sm">
            {decided.map((c) => (
              <li key={c.id}>
                {date(c.decidedAt!)} · {c.subjectName ?? c.subjectEmail} · {c.category[locale]} ·{' '}
                {c.decision === 'destroyed' ? t('destroyed') : t('kept', { reason: c.keepReason ?? '' })}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
