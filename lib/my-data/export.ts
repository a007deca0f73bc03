import type { ConsentReport } from '@/db/queries/consents';
import type { MyDataReport } from '@/lib/my-data/report';
import type { OperatorProfile } from '@/db/schema/operator';
import type { Locale } from '@/db/schema/subjects';
import { formatterFor, translatorFor } from '@/lib/i18n/translator';
import { describeLegalBasis, describeRecipient, describeRetention } from './describe';
import { csvRows } from '@/lib/csv';

/**
 * The subject's data as files they can keep: JSON for machines, CSV for spreadsheets. Names and
 * descriptions are in the language asked for; codes stay as they are, so a program can read them.
 */
export function myDataAsJson(
  report: MyDataReport,
  consents: ConsentReport[],
  operator: OperatorProfile | null,
  locale: Locale,
  now = new Date(),
) {
  const t = translatorFor(locale);
  return {
    generatedAt: now.toISOString(),
    law: 'Law of the Republic of Kazakhstan No. 94-V, Art. 24(1)(1)',
    operator: operator && {
      name: operator.name[locale],
      bin: operator.bin,
      address: operator.address[locale],
      email: operator.email,
      phone: operator.phone,
      responsiblePerson: {
        name: operator.responsibleName,
        email: operator.responsibleEmail,
        phone: operator.responsiblePhone,
      },
      storageLocation: operator.storageLocation[locale],
    },
    subject: {
      fullName: report.subject.fullName,
      email: report.subject.email,
      phone: report.subject.phone,
      iin: report.subject.iin,
    },
    data: report.categories.flatMap((category) =>
      category.items.map((item) => ({
        category: category.name[locale],
        categoryCode: category.code,
        value: item.value,
        state: item.state,
        source: item.source,
        sourceDetail: item.sourceDetail,
        keptIn: item.system && {
          system: item.system.name[locale],
          storageLocation: item.system.storageLocation[locale],
          country: item.system.country,
        },
        method: item.method,
        collectedAt: item.collectedAt.toISOString(),
        updatedAt: item.updatedAt.toISOString(),
        destroyedAt: item.destroyedAt?.toISOString() ?? null,
        purposes: item.purposes.map((purpose) => ({
          purpose: purpose.name[locale],
          purposeCode: purpose.code,
          legalBasis: describeLegalBasis(t, locale, purpose),
          retention: describeRetention(t, locale, purpose),
          retentionEndsAt: purpose.retentionEndsAt?.toISOString() ?? null,
          automatedProcessing: purpose.isAutomated,
          recipients: purpose.recipients.map((r) => ({
            name: r.name[locale],
            bin: r.bin,
            country: r.country,
            crossBorder: r.country !== 'KZ',
            crossBorderBasis: r.crossBorderBasis,
          })),
        })),
      })),
    ),
    consents: consents.map((c) => ({
      id: c.id,
      state: c.state,
      operator: `${c.operatorName[locale]}, ${c.operatorBin}`,
      subjectName: c.subjectName,
      validFrom: c.validFrom.toISOString(),
      validUntil: c.validUntil?.toISOString() ?? null,
      thirdPartyTransfer: c.thirdPartyTransfer,
      crossBorderTransfer: c.crossBorderTransfer,
      publicSources: c.publicSources,
      purposes: c.purposes.map((p) => p.name[locale]),
      data: c.categories.map((cat) => cat.name[locale]),
      channel: c.channel,
      givenAt: c.givenAt.toISOString(),
      withdrawnAt: c.withdrawnAt?.toISOString() ?? null,
      evidenceSha256: c.evidenceSha256,
    })),
  };
}

/** One row per item and purpose; UTF-8 with a byte-order mark so spreadsheet programs read Kazakh letters. */
export function myDataAsCsv(report: MyDataReport, locale: Locale): string {
  const t = translatorFor(locale);
  const f = formatterFor(locale);
  const header = [
    'category',
    'value',
    'state',
    'source',
    'method',
    'collected',
    'updated',
    'purpose',
    'legalBasis',
    'retention',
    'recipients',
  ] as const;
  const rows: string[][] = [];
  for (const category of report.categories) {
    for (const item of category.items) {
      const base = [
        category.name[locale],
        item.value ?? t('statement.destroyedValue', { date: f.dateTime(item.destroyedAt!) }),
        t(`itemState.${item.state}`),
        t(`dataSource.${item.source}`),
        t(`processingMethod.${item.method}`),
        item.collectedAt.toISOString(),
        item.updatedAt.toISOString(),
      ];
      const purposes = item.purposes.length ? item.purposes : [null];
      for (const purpose of purposes) {
        rows.push([
          ...base,
          purpose?.name[locale] ?? '',
          purpose ? describeLegalBasis(t, locale, purpose) : '',
          purpose ? describeRetention(t, locale, purpose) : '',
          purpose ? purpose.recipients.map((r) => describeRecipient(t, locale, r)).join('; ') : '',
        ]);
      }
    }
  }
  const headerRow = header.map((key) => t(`statement.${key === 'collected' ? 'collected' : key}`));
  return '\ufeff' + csvRows([headerRow, ...rows]);
}
