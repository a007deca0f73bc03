import type { ConsentRecord } from '@/db/schema/consents';
import type { Locale } from '@/db/schema/subjects';
import type { ConsentContent } from './records';

/**
 * A consent's records as one ISO/IEC TS 27560 consent record in JSON-LD, following the W3C DPV
 * implementation guide (DPV-27560; /work/shared/reference/consent-records.md). A pure function of
 * the stored records, so the receipt download and the API (GET /api/v1/consents/{id}/record) give
 * the same document. Law 94-V items with no 27560 field are `kz:` extensions: (6) public sources,
 * (8) other terms, the subject's name (never in an identifier) and each event's evidence: the exact
 * fields its SHA-256 covers (lib/consents/records.ts, consentRecordHash), so anyone can recompute it.
 */
export const DPV_27560_RECORD = 'https://w3id.org/dpv/schema/dpv-27560#record';
export const SCHEMA_VERSION = 'ISO/IEC TS 27560:2023';

const urn = (id: string) => `urn:uuid:${id}`;

/** 27560's event states; a refused publication consent was never given. */
const eventState: Record<ConsentRecord['event'], string> = {
  given: 'given',
  publication_given: 'given',
  withdrawn: 'withdrawn',
  expired: 'expired',
  publication_refused: 'refused',
};

/** The term as an ISO 8601 duration in days; none: until the purposes are achieved (Art. 8(6)). */
function validityDuration(term: ConsentContent['term']): string | null {
  if (!term.validUntil) return null;
  const days = Math.round((Date.parse(term.validUntil) - Date.parse(term.validFrom)) / 86_400_000);
  return `P${days}D`;
}

export function consentRecordJsonLd(
  records: ConsentRecord[],
  options: { origin: string; locale: Locale },
): Record<string, unknown> {
  const latest = records.at(-1);
  if (!latest) throw new Error('a consent record needs at least one event');
  const { origin, locale } = options;
  const content = latest.content as ConsentContent;
  const operator = content.operator;
  const controller = {
    party_id: `urn:kz:bin:${operator.bin}`,
    party_name: operator.name[locale],
    party_address: operator.address[locale],
    party_contact: [operator.email, operator.phone],
    party_type: 'pii_controller',
  };
  const thirdParties = content.thirdPartyTransfer.recipients.map((r) => ({
    party_id: r.bin ? `urn:kz:bin:${r.bin}` : `${origin}/ns/recipients#${r.code}`,
    party_name: r.name[locale],
    party_address: r.country,
    party_contact: null,
    party_type: 'third_party',
  }));
  return {
    '@context': {
      dct: 'http://purl.org/dc/terms/',
      dpv: 'https://w3id.org/dpv#',
      kz: `${origin}/ns/law-94-v#`,
    },
    'dct:conformsTo': DPV_27560_RECORD,
    schema_version: SCHEMA_VERSION,
    record_id: urn(latest.consentId ?? latest.id),
    pii_principal_id: urn(latest.subjectId),
    'kz:subject_name': content.subjectName,
    processing: {
      privacy_notice: `${origin}/${locale}/privacy/v/${encodeURIComponent(latest.noticeVersion)}`,
      'kz:notice_version': latest.noticeVersion,
      language: latest.locale,
      purposes: content.purposes.map((p) => ({
        purpose: p.name[locale],
        purpose_id: `${origin}/ns/purposes#${p.code}`,
        'dct:description': p.description[locale],
        lawful_basis: 'dpv:Consent',
      })),
      pii_information: content.dataCategories.map((c) => ({
        pii_type: c.name[locale],
        pii_type_id: `${origin}/ns/data#${c.code}`,
      })),
      pii_controllers: [controller.party_id],
      storage_locations: [{ location: operator.storageLocation[locale], country: operator.storageCountry }],
      retention_period: content.purposes.map((p) => p.retention[locale]),
      jurisdiction: 'KZ',
      recipient_third_parties: thirdParties.map((p) => p.party_id),
      processing_locations: [...new Set([operator.storageCountry, ...content.crossBorderTransfer.countries])],
      geographic_restrictions: content.crossBorderTransfer.yes ? [] : ['KZ'],
      'kz:third_party_transfer': content.thirdPartyTransfer.yes,
      'kz:cross_border_transfer': content.crossBorderTransfer.yes,
      'kz:public_sources': content.publicSources,
      'kz:other_terms': content.otherTerms?.[locale] ?? null,
      withdrawal_method: `${origin}/${locale}/me/consents`,
      collection_method: latest.channel,
    },
    parties: [controller, ...thirdParties],
    events: records.map((r) => {
      const c = r.content as ConsentContent;
      return {
        event_id: urn(r.id),
        event_time: r.at.toISOString(),
        validity_duration: validityDuration(c.term),
        'kz:valid_from': c.term.validFrom,
        'kz:valid_until': c.term.validUntil,
        entity_id: r.actorId ? urn(r.actorId) : `${origin}/ns/actors#${r.actorRole}`,
        'kz:entity_role': r.actorRole,
        event_type: 'explicit',
        event_state: eventState[r.event],
        'kz:event': r.event,
        'kz:channel': r.channel,
        'kz:notice_version': r.noticeVersion,
        'kz:evidence': {
          algorithm: 'SHA-256 over hashed, serialised as JSON with keys sorted and no spaces',
          sha256: r.sha256,
          prev_sha256: r.prevSha256,
          hashed: {
            id: r.id,
            consentId: r.consentId,
            subjectId: r.subjectId,
            event: r.event,
            at: r.at.toISOString(),
            content: r.content,
            noticeVersion: r.noticeVersion,
            locale: r.locale,
            channel: r.channel,
            actorRole: r.actorRole,
            actorId: r.actorId,
            prevSha256: r.prevSha256,
          },
        },
      };
    }),
  };
}
