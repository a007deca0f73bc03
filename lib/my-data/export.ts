import type { ConsentReport } from '@/db/queries/consents';
import type { MyDataReport } from '@/lib/my-data/report';
import type { OperatorProfile } from '@/db/schema/operator';
import type { Locale } from '@/db/schema/subjects';
import { formatterFor, translatorFor } from '@/lib/i18n/translator';
import { describeLegalBasis, describeRecipient, describeRetention } from './describe';
import { kazakhstanIso } from '@/lib/deadlines/due';
import { sheetsAsCsv, sheetsAsXlsx, type Cell, type Sheet } from '@/lib/spreadsheet';

const iso = (at: Date | null) => (at ? kazakhstanIso(at) : null);

/**
 * The subject's data as files they can keep: JSON for machines, XLSX and CSV for spreadsheets (see
 * lib/spreadsheet.ts for what a person in Almaty opening them in Excel needs). Names and
 * descriptions are in the language asked for; codes stay as they are, so a program can read them.
 * Every time is Almaty time: ISO 8601 with its offset in JSON ("2026-12-01T14:35:07+05:00").
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
    generatedAt: kazakhstanIso(now),
    timeZone: 'Asia/Almaty',
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
        collectedAt: kazakhstanIso(item.collectedAt),
        updatedAt: kazakhstanIso(item.updatedAt),
        destroyedAt: iso(item.destroyedAt),
        purposes: item.purposes.map((purpose) => ({
          purpose: purpose.name[locale],
          purposeCode: purpose.code,
          legalBasis: describeLegalBasis(t, locale, purpose),
          retention: describeRetention(t, locale, purpose),
          retentionEndsAt: iso(purpose.retentionEndsAt),
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
      validFrom: kazakhstanIso(c.validFrom),
      validUntil: iso(c.validUntil),
      thirdPartyTransfer: c.thirdPartyTransfer,
      crossBorderTransfer: c.crossBorderTransfer,
      publicSources: c.publicSources,
      purposes: c.purposes.map((p) => p.name[locale]),
      data: c.categories.map((cat) => cat.name[locale]),
      channel: c.channel,
      givenAt: kazakhstanIso(c.givenAt),
      withdrawnAt: iso(c.withdrawnAt),
      expiredAt: iso(c.expiredAt),
      evidenceSha256: c.evidenceSha256,
    })),
  };
}

/**
 * The tables of the spreadsheet downloads, headers in the subject's language: first the operator,
 * where it keeps the data (Art. 12(2)) and who the subject is; then one row per item and purpose,
 * with the system each item is kept in and where; then the consents with their Art. 8(4) content.
 */
export function myDataSheets(
  report: MyDataReport,
  consents: ConsentReport[],
  operator: OperatorProfile | null,
  locale: Locale,
  now = new Date(),
): Sheet[] {
  const t = translatorFor(locale);
  const f = formatterFor(locale);
  const yesNo = (value: boolean) => t(value ? 'consents.yes' : 'consents.no');
  const about: [string, Cell][] = [
    [t('statement.issuedAt'), now],
    [t('downloads.timeZone'), t('downloads.almatyTime')],
  ];
  if (operator)
    about.push(
      [t('statement.operatorTitle'), `${operator.name[locale]}, ${t('home.operatorBin')} ${operator.bin}`],
      [t('home.operatorAddress'), operator.address[locale]],
      [t('home.operatorContacts'), `${operator.email}, ${operator.phone}`],
      [
        t('statement.responsible'),
        `${operator.responsibleName}, ${operator.responsibleEmail}, ${operator.responsiblePhone}`,
      ],
      [t('statement.storage'), operator.storageLocation[locale]],
    );
  about.push(
    [t('statement.fullName'), report.subject.fullName],
    [t('statement.iin'), report.subject.iin],
    [t('statement.email'), report.subject.email],
    [t('statement.phone'), report.subject.phone],
  );

  const data: Cell[][] = [];
  for (const category of report.categories) {
    for (const item of category.items) {
      const base = [
        category.name[locale],
        item.value ?? t('statement.destroyedValue', { date: f.dateTime(item.destroyedAt!) }),
        t(`itemState.${item.state}`),
        item.sourceDetail
          ? t('me.sourceWithDetail', { source: t(`dataSource.${item.source}`), detail: item.sourceDetail })
          : t(`dataSource.${item.source}`),
        t(`processingMethod.${item.method}`),
        item.collectedAt,
        item.updatedAt,
        item.system?.name[locale] ?? null,
        item.system?.storageLocation[locale] ?? null,
        item.system ? f.country(item.system.country) : null,
      ];
      const purposes = item.purposes.length ? item.purposes : [null];
      for (const purpose of purposes) {
        data.push([
          ...base,
          purpose?.name[locale] ?? null,
          purpose ? describeLegalBasis(t, locale, purpose) : null,
          purpose ? describeRetention(t, locale, purpose) : null,
          purpose
            ? purpose.recipients.map((r) => describeRecipient(t, locale, r)).join('; ') || t('me.noRecipients')
            : null,
          purpose ? yesNo(purpose.isAutomated) : null,
        ]);
      }
    }
  }

  return [
    { title: t('statement.title'), rows: about.filter(([, value]) => value !== null) },
    {
      title: t('statement.dataTitle'),
      header: [
        t('statement.category'),
        t('statement.value'),
        t('statement.state'),
        t('statement.source'),
        t('statement.method'),
        t('statement.collected'),
        t('statement.updated'),
        t('downloads.system'),
        t('downloads.systemStorage'),
        t('downloads.systemCountry'),
        t('statement.purpose'),
        t('statement.legalBasis'),
        t('statement.retention'),
        t('statement.recipients'),
        t('statement.automated'),
      ],
      rows: data,
    },
    {
      title: t('statement.consentsTitle'),
      header: [
        t('consents.purposes'),
        t('consents.state'),
        t('consents.operator'),
        t('consents.subjectName'),
        t('downloads.validFrom'),
        t('downloads.validUntil'),
        t('consents.thirdParty'),
        t('consents.crossBorder'),
        t('consents.publicSources'),
        t('consents.dataList'),
        t('consents.other'),
        t('consents.channel'),
        t('consents.givenAt'),
        t('downloads.consentEndedAt'),
        t('consents.evidence'),
      ],
      rows: consents.map((c) => [
        c.purposes.map((p) => p.name[locale]).join('; '),
        t(`consents.states.${c.state}`),
        `${c.operatorName[locale]}, ${t('home.operatorBin')} ${c.operatorBin}`,
        c.subjectName,
        c.validFrom,
        c.validUntil,
        yesNo(c.thirdPartyTransfer),
        yesNo(c.crossBorderTransfer),
        yesNo(c.publicSources),
        c.categories.map((cat) => cat.name[locale]).join(', '),
        c.otherTerms?.[locale] ?? null,
        t(`consents.channels.${c.channel}`),
        c.givenAt,
        c.withdrawnAt ?? c.expiredAt,
        c.evidenceSha256,
      ]),
    },
  ];
}

/** CSV: `;` for Kazakh and Russian, `,` for English, UTF-8 with a byte-order mark (lib/spreadsheet.ts). */
export function myDataAsCsv(...args: Parameters<typeof myDataSheets>): string {
  return sheetsAsCsv(myDataSheets(...args), args[3]);
}

export function myDataAsXlsx(...args: Parameters<typeof myDataSheets>): Promise<Buffer> {
  return sheetsAsXlsx(myDataSheets(...args));
}
