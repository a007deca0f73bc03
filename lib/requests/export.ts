import type { SubjectRequestDetail } from '@/db/queries/subject-requests';
import type { OperatorProfile } from '@/db/schema/operator';
import type { Locale } from '@/db/schema/subjects';
import { kazakhstanIso } from '@/lib/deadlines/due';
import { translatorFor, type Translator } from '@/lib/i18n/translator';
import { sheetsAsCsv, sheetsAsXlsx, spreadsheetTypes, type Cell, type Sheet } from '@/lib/spreadsheet';
import { describeRequestEvent } from './describe-event';

/**
 * A subject's requests and their correspondence as files they can keep (Art. 24(1)(1), 25(2)(8)):
 * what they asked, the answer or the reasoned refusal, and every event and message they see on the
 * request's page, with the names of the documents. Never an internal note or who worked on it
 * (listSubjectRequestDetails reads only what the subject may see). Times are Almaty time.
 */
type Event = SubjectRequestDetail['events'][number];

const iso = (at: Date | null) => (at ? kazakhstanIso(at) : null);

function askedFor(t: Translator, locale: Locale, detail: SubjectRequestDetail): string[] {
  const consentPurposes = [...new Set(detail.consents.map((c) => c.purposeName[locale]))];
  return [
    ...detail.items.map((item) =>
      item.dataItemId
        ? item.proposedValue
          ? `${item.categoryName[locale]} — ${t('requests.detail.proposed', { value: item.proposedValue })}`
          : item.categoryName[locale]
        : t('requests.detail.supplement', { category: item.categoryName[locale], value: item.proposedValue ?? '' }),
    ),
    ...(consentPurposes.length ? [`${t('requests.detail.consents')}: ${consentPurposes.join('; ')}`] : []),
    ...(detail.purpose ? [`${t('requests.detail.purpose')}: ${detail.purpose.name[locale]}`] : []),
  ];
}

/** Who an event is from, as the request page says it: you, your representative, the operator or the portal. */
function sender(t: Translator, locale: Locale, operator: OperatorProfile | null, event: Event): string {
  if (event.actorRole === 'subject')
    return t(event.details?.byRepresentative ? 'requests.detail.fromRepresentative' : 'requests.detail.fromYou');
  if (event.actorRole) return t('requests.detail.fromOperator', { operator: operator?.name[locale] ?? '' });
  return t('activity.actors.system');
}

function documentsOf(t: Translator, detail: SubjectRequestDetail, eventId: number | null) {
  return detail.attachments
    .filter((a) => a.eventId === eventId)
    .map((a) => ({ fileName: a.fileName, byteSize: a.byteSize, removed: a.erasedAt !== null }))
    .map((d) => ({ ...d, label: d.removed ? t('requests.detail.erased', { name: d.fileName }) : d.fileName }));
}

const refusalReason = (t: Translator, code: string | null) =>
  code ? t(`requests.refusalReasons.${code as 'other'}`) : null;

export function requestsAsJson(
  details: SubjectRequestDetail[],
  operator: OperatorProfile | null,
  locale: Locale,
  now = new Date(),
) {
  const t = translatorFor(locale);
  return {
    generatedAt: kazakhstanIso(now),
    timeZone: 'Asia/Almaty',
    law: 'Law of the Republic of Kazakhstan No. 94-V, Art. 24(1)(1)',
    operator: operator && { name: operator.name[locale], bin: operator.bin },
    requests: details.map((detail) => {
      const { request } = detail;
      return {
        reference: request.reference,
        type: request.type,
        typeName: t(`requests.types.${request.type}.title`),
        state: request.state,
        stateName: t(`requestState.${request.state}`),
        channel: request.channel,
        registeredAt: kazakhstanIso(request.registeredAt),
        dueAt: kazakhstanIso(request.dueAt),
        completedAt: iso(request.completedAt),
        asked: askedFor(t, locale, detail),
        description: request.description,
        outcome: request.outcome,
        refusal:
          request.state === 'REFUSED'
            ? {
                reasonCode: request.refusalReasonCode,
                reason: refusalReason(t, request.refusalReasonCode),
                legalBasis: request.refusalLegalBasis,
                text: request.refusalText,
              }
            : null,
        timeline: detail.events.map((event) => ({
          at: kazakhstanIso(event.at),
          kind: event.kind,
          event: describeRequestEvent(t, locale, event),
          from: sender(t, locale, operator, event),
          text: event.body,
          documents: documentsOf(t, detail, event.id).map(({ label: _label, ...d }) => d),
        })),
      };
    }),
  };
}

/** Two tables: one row per request, then one row per event or message of each. */
export function requestsSheets(
  details: SubjectRequestDetail[],
  operator: OperatorProfile | null,
  locale: Locale,
  now = new Date(),
): Sheet[] {
  const t = translatorFor(locale);
  const about: [string, Cell][] = [
    [t('statement.issuedAt'), now],
    [t('downloads.timeZone'), t('downloads.almatyTime')],
  ];
  if (operator)
    about.push([t('statement.operatorTitle'), `${operator.name[locale]}, ${t('home.operatorBin')} ${operator.bin}`]);
  return [
    { title: t('downloads.about'), rows: about },
    {
      title: t('requests.title'),
      header: [
        t('downloads.reference'),
        t('requests.type'),
        t('requests.state'),
        t('requests.registeredAt'),
        t('requests.dueAt'),
        t('requests.completedAt'),
        t('requests.detail.asked'),
        t('requests.detail.description'),
        t('requests.detail.outcome'),
        t('requests.detail.refusalReason'),
        t('requests.detail.refusalBasis'),
        t('requests.detail.refusalTitle', { type: 'other' }),
      ],
      rows: details.map(({ request, ...detail }) => [
        request.reference,
        t(`requests.types.${request.type}.title`),
        t(`requestState.${request.state}`),
        request.registeredAt,
        request.dueAt,
        request.completedAt,
        askedFor(t, locale, { request, ...detail }).join('\n'),
        request.description,
        request.outcome,
        request.state === 'REFUSED' ? refusalReason(t, request.refusalReasonCode) : null,
        request.state === 'REFUSED' ? request.refusalLegalBasis : null,
        request.state === 'REFUSED' ? request.refusalText : null,
      ]),
    },
    {
      title: t('downloads.eventsTitle'),
      header: [
        t('downloads.reference'),
        t('downloads.at'),
        t('downloads.event'),
        t('downloads.from'),
        t('downloads.text'),
        t('requests.detail.attachments'),
      ],
      rows: details.flatMap((detail) =>
        detail.events.map((event) => [
          detail.request.reference,
          event.at,
          describeRequestEvent(t, locale, event),
          sender(t, locale, operator, event),
          event.body,
          documentsOf(t, detail, event.id)
            .map((d) => d.label)
            .join('\n'),
        ]),
      ),
    },
  ];
}

/** CSV: `;` for Kazakh and Russian, `,` for English, UTF-8 with a byte-order mark (lib/spreadsheet.ts). */
export function requestsAsCsv(...args: Parameters<typeof requestsSheets>): string {
  return sheetsAsCsv(requestsSheets(...args), args[2]);
}

export function requestsAsXlsx(...args: Parameters<typeof requestsSheets>): Promise<Buffer> {
  return sheetsAsXlsx(requestsSheets(...args));
}

const requestFileTypes = { json: 'application/json; charset=utf-8', ...spreadsheetTypes } as const;
export type RequestFileFormat = keyof typeof requestFileTypes;
export const isRequestFileFormat = (format: string): format is RequestFileFormat =>
  Object.hasOwn(requestFileTypes, format);

/** The file of the subject's requests (all, or one) in `format`: its bytes and content type. */
export async function requestsFile(
  format: RequestFileFormat,
  details: SubjectRequestDetail[],
  operator: OperatorProfile | null,
  locale: Locale,
): Promise<{ body: Uint8Array<ArrayBuffer>; contentType: string }> {
  const body =
    format === 'xlsx'
      ? await requestsAsXlsx(details, operator, locale)
      : format === 'csv'
        ? requestsAsCsv(details, operator, locale)
        : JSON.stringify(requestsAsJson(details, operator, locale), null, 2);
  return { body: new Uint8Array(Buffer.from(body)), contentType: requestFileTypes[format] };
}
