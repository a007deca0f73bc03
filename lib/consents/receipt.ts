import type { ConsentRecord } from '@/db/schema/consents';
import type { Locale } from '@/db/schema/subjects';
import { env } from '@/lib/env';
import { downloadHeaders } from '@/lib/http/download';
import { renderConsentRecordPdf } from '@/lib/pdf/consent';
import { consentRecordJsonLd } from './jsonld';

export type ConsentDownloadFormat = 'pdf' | 'jsonld';

/**
 * The query of a consent download: `?format=jsonld` for the whole record in JSON-LD (DPV-27560),
 * else a PDF; `?record=<id>` for the receipt of one past state. Null when it asks for nothing valid.
 */
export function readConsentDownloadQuery(
  url: string,
  isId: (value: string) => boolean,
): { format: ConsentDownloadFormat; recordId: string | null } | null {
  const query = new URL(url).searchParams;
  const format = query.get('format') ?? 'pdf';
  const recordId = query.get('record');
  if ((format !== 'pdf' && format !== 'jsonld') || (recordId !== null && !isId(recordId))) return null;
  return { format, recordId };
}

/** The file of one consent's records: the same for the subject's receipt and a staff member's view. */
export async function consentDownload(
  history: ConsentRecord[],
  record: ConsentRecord,
  format: ConsentDownloadFormat,
  locale: Locale,
): Promise<{ body: Uint8Array<ArrayBuffer>; headers: Record<string, string> }> {
  const name = `consent-${(record.consentId ?? record.id).slice(0, 8)}`;
  if (format === 'jsonld') {
    const document = consentRecordJsonLd(history, { origin: env().AUTH_URL, locale });
    return {
      body: new TextEncoder().encode(JSON.stringify(document, null, 2)),
      headers: downloadHeaders('application/ld+json', `${name}.jsonld`),
    };
  }
  const latest = record.id === history.at(-1)?.id;
  return {
    body: new Uint8Array(await renderConsentRecordPdf(record, history, locale)),
    headers: downloadHeaders('application/pdf', latest ? `${name}.pdf` : `${name}-${record.id.slice(0, 8)}.pdf`),
  };
}
