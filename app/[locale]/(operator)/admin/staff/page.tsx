import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getTranslations } from '@/i18n/server';
import { ActionForm, SubmitButton } from '@/components/action-form';
import { ConfirmStep } from '@/components/confirm-step';
import { getDb } from '@/db';
import { listStaffMembers } from '@/db/queries/staff-members';
import { staffRoles } from '@/db/schema/auth';
import { requireStaff } from '@/lib/auth/session';
import { resetFactorAction, saveStaffAction, toggleStaffAction } from './actions';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'staff' });
  return { title: t('title') };
}

/** The admin's list of staff: who has which role, and who no longer has access. */
export default async function StaffPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const admin = await requireStaff('staff.manage');
  const [t, tc, tr, members] = await Promise.all([
    getTranslations('staff'),
    getTranslations('common'),
    getTranslations('roles'),
    listStaffMembers(getDb()),
  ]);
  return (
    <div className="max-w-3xl space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">{t('title')}</h1>
        <p className="text-slate-600">{t('lead')}</p>
      </header>
      <ActionForm action={saveStaffAction} className="card grid gap-3 text-sm sm:grid-cols-3">
        <h2 className="text-lg font-semibold sm:col-span-3">{t('add')}</h2>
        <label className="space-y-1">
          <span className="block font-medium">{t('email')}</span>
          <input name="email" type="email" required className="field-input" />
        </label>
        <label className="space-y-1">
          <span className="block font-medium">{t('name')}</span>
          <input name="name" required className="field-input" />
        </label>
        <label className="space-y-1">
          <span className="block font-medium">{t('role')}</span>
          <select name="role" className="field-input">
            {staffRoles.map((r) => (
              <option key={r} value={r}>
                {tr(r)}
              </option>
            ))}
          </select>
        </label>
        <div className="sm:col-span-3">
          <SubmitButton label={t('save')} pendingLabel={t('save')} />
        </div>
      </ActionForm>
      <ul className="card divide-y divide-slate-100">
        {members.map((m) => (
          <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
            <span>
              <span className="font-medium">{m.name ?? m.email}</span> · {m.email} · {tr(m.role)}
              {m.disabledAt && <span className="ml-2 rounded bg-slate-200 px-1.5 text-xs">{t('disabled')}</span>}
              <span className="block text-xs text-slate-600">
                {t('factor')}: {m.hasFactor ? t('factorRegistered') : t('factorMissing')}
              </span>
            </span>
            {/* Kept in place once the factor is gone: the form is where its outcome is said. */}
            {m.id !== admin.id && (
              <ActionForm action={resetFactorAction}>
                <input type="hidden" name="userId" value={m.id} />
                {/* A reset cannot be undone: the person registers a new factor. The first press asks. */}
                {m.hasFactor && (
                  <ConfirmStep
                    ask={t('resetFactor')}
                    question={t('resetFactorQuestion')}
                    yes={t('resetFactorConfirm')}
                    pending={t('resetting')}
                    no={tc('confirmNo')}
                  />
                )}
              </ActionForm>
            )}
            {m.id !== admin.id && (
              <ActionForm action={toggleStaffAction}>
                <input type="hidden" name="userId" value={m.id} />
                <input type="hidden" name="disabled" value={m.disabledAt ? '0' : '1'} />
                <SubmitButton
                  label={m.disabledAt ? t('enable') : t('disable')}
                  pendingLabel={t('save')}
                  className="btn-secondary py-1"
                />
              </ActionForm>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
