import type { PurposeReport } from '@/lib/my-data/report';
import type { Locale } from '@/db/schema/subjects';
import type { Art9Point } from '@/db/schema/inventory';
import { formatterFor, type Translator } from '@/lib/i18n/translator';

/** The message key of an Art. 9 sub-point: `art9Points.p2_1` for 9(2-1). */
type Art9PointKey<P extends string> = P extends `${infer A}-${infer B}` ? `p${A}_${B}` : `p${P}`;
export const art9PointKey = (point: Art9Point) => `p${point.replace('-', '_')}` as Art9PointKey<Art9Point>;

/**
 * One wording for the legal basis, retention and recipients of a purpose, shared by the "My data"
 * page and every export (JSON, CSV, PDF), so the subject reads the same thing everywhere.
 */
export function describeLegalBasis(
  t: Translator,
  locale: Locale,
  purpose: Pick<PurposeReport, 'legalBasis' | 'art9Point' | 'legalBasisCitation'>,
): string {
  // An Art. 9 case always has its sub-point (the CHECK purposes_art9_point_with_art9).
  const point = purpose.art9Point ?? '10';
  const basis =
    purpose.legalBasis === 'art9'
      ? t('legalBasis.art9', { point, case: t(`art9Points.${art9PointKey(point)}`) })
      : t(`legalBasis.${purpose.legalBasis}`);
  return purpose.legalBasisCitation
    ? t('describe.legalBasisWithCitation', { basis, citation: purpose.legalBasisCitation[locale] })
    : basis;
}

export function describeRetention(t: Translator, locale: Locale, purpose: PurposeReport): string {
  const rule = purpose.retentionDescription[locale];
  if (purpose.retentionKind !== 'period_after_event') return rule;
  const end = purpose.retentionEndsAt
    ? t('me.retentionUntil', { date: formatterFor(locale).dateTime(purpose.retentionEndsAt) })
    : t('me.retentionNoDate');
  return t('describe.retentionWithEnd', { rule, end });
}

export function describeRecipient(
  t: Translator,
  locale: Locale,
  recipient: PurposeReport['recipients'][number],
): string {
  const values = { name: recipient.name[locale], country: formatterFor(locale).country(recipient.country) };
  return recipient.country !== 'KZ' && recipient.crossBorderBasis
    ? t('describe.recipientAbroad', { ...values, basis: t(`crossBorderBasis.${recipient.crossBorderBasis}`) })
    : t('describe.recipient', values);
}
