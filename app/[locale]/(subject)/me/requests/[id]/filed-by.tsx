import { getTranslations } from '@/i18n/server';
import { getDb } from '@/db';
import { findRepresentative } from '@/lib/requests/representatives';

/** Art. 24: the subject sees who acted for them on this request, and as whom. */
export async function FiledBy({ requestId }: { requestId: string }) {
  const representative = await findRepresentative(getDb(), requestId);
  if (!representative) return null;
  const t = await getTranslations('representatives');
  return (
    <p role="note" className="rounded border border-brand-100 bg-brand-50 p-3 text-sm">
      {t('filedBy', {
        name: representative.fullName,
        relationship: t(`relationships.${representative.relationship}`),
      })}
    </p>
  );
}
