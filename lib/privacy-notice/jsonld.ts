import type { Locale } from '@/db/schema/subjects';
import type { NoticeVersion } from './versions';

/**
 * A version of the privacy notice as JSON-LD in W3C DPV terms (GET /api/v1/privacy-notice): the
 * controller, each purpose as a `dpv:PersonalDataHandling` with its legal basis, data, recipients
 * and retention, the data categories, the systems where the data are stored and the subject's
 * rights, read from the version's frozen snapshot (lib/privacy-notice/snapshot.ts), so it says what
 * /{locale}/privacy/v/N says. DPV has no Kazakhstan extension: Law 94-V's grounds and rights are
 * named with the portal's own IRIs under `kz:` (as lib/consents/jsonld.ts does), ISO/IEC 29184's
 * stable reference to the version is its `@id`.
 */
const RIGHTS = [
  ['access', 'Art. 24(1)(1)'],
  ['rectify', 'Art. 24(1)(2)'],
  ['block', 'Art. 24(1)(3)'],
  ['destroy', 'Art. 24(1)(4)'],
  ['withdraw_consent', 'Art. 24(1)(5), 8'],
  ['public_remove', 'Art. 24(1)(6), 6'],
  ['object_automated', 'Art. 19-1'],
] as const;

export function privacyNoticeJsonLd(
  notice: NoticeVersion,
  options: { origin: string; locale: Locale },
): Record<string, unknown> {
  const { origin, locale } = options;
  const { snapshot } = notice;
  const ns = (kind: string, code: string) => `${origin}/ns/${kind}#${code}`;
  const operator = snapshot.operator;
  const controller = operator && {
    '@id': `urn:kz:bin:${operator.bin}`,
    '@type': 'dpv:DataController',
    'dct:title': operator.name[locale],
    'dpv:hasAddress': operator.address[locale],
    'dpv:hasContact': { email: operator.email, phone: operator.phone },
    'kz:responsible_person': {
      name: operator.responsibleName,
      email: operator.responsibleEmail,
      phone: operator.responsiblePhone,
    },
    'dpv:hasLocation': { 'dct:description': operator.storageLocation[locale], country: operator.storageCountry },
  };
  const recipientByName = new Map(snapshot.recipients.map((r) => [r.name[locale], r]));
  return {
    '@context': {
      dpv: 'https://w3id.org/dpv#',
      dct: 'http://purl.org/dc/terms/',
      kz: `${origin}/ns/law-94-v#`,
    },
    '@id': `${origin}/${locale}/privacy/v/${notice.version}`,
    '@type': 'dpv:PrivacyNotice',
    'dct:identifier': String(notice.version),
    'dct:issued': notice.approvedAt.toISOString(),
    'dct:language': locale,
    'dct:conformsTo': 'ISO/IEC 29184:2020',
    'dpv:hasJurisdiction': 'KZ',
    'kz:law': 'Law of the Republic of Kazakhstan No. 94-V "On personal data and their protection"',
    'dpv:hasDataController': controller,
    'dpv:hasPersonalData': snapshot.categories.map((c) => ({
      '@id': ns('data', c.code),
      '@type': 'dpv:PersonalData',
      'dct:title': c.name[locale],
      'dct:description': c.description[locale],
      'kz:access_level': c.accessLevel,
    })),
    'dpv:hasPersonalDataHandling': snapshot.purposes.map((p) => ({
      '@id': ns('purposes', p.code),
      '@type': 'dpv:PersonalDataHandling',
      'dpv:hasPurpose': {
        '@type': 'dpv:Purpose',
        'dct:title': p.name[locale],
        'dct:description': p.description[locale],
      },
      'dpv:hasLegalBasis':
        p.legalBasis === 'consent'
          ? { '@id': 'dpv:Consent', 'kz:article': 'Art. 7(1), 8' }
          : p.legalBasis === 'published'
            ? { '@id': ns('law-94-v', 'art7_5'), 'kz:article': 'Art. 7(5)' }
            : { '@id': ns('law-94-v', `art9_${p.art9Point ?? ''}`), 'kz:article': `Art. 9(${p.art9Point ?? ''})` },
      'dpv:hasPersonalData': (p.categoryCodes ?? []).map((code) => ({ '@id': ns('data', code) })),
      'dpv:hasRecipient': p.recipients.map((r) => {
        const known = recipientByName.get(r.name[locale]);
        return {
          ...(known ? { '@id': ns('recipients', known.code) } : {}),
          'dct:title': r.name[locale],
          'kz:country': r.country,
          ...(r.country !== 'KZ' ? { '@type': 'dpv:CrossBorderDataTransfer' } : {}),
        };
      }),
      'dpv:hasStorageCondition': {
        '@type': 'dpv:StorageDuration',
        'dct:description': p.retentionDescription[locale],
      },
      ...(p.isAutomated
        ? {
            'dpv:hasProcessing': 'dpv:AutomatedDecisionMaking',
            'kz:automated_logic': p.automatedLogic?.[locale] ?? null,
          }
        : {}),
    })),
    'dpv:hasRecipient': snapshot.recipients.map((r) => ({
      '@id': ns('recipients', r.code),
      'dct:title': r.name[locale],
      'kz:kind': r.kind,
      'kz:country': r.country,
      'kz:cross_border_basis': r.crossBorderBasis,
    })),
    'kz:systems': (snapshot.systems ?? []).map((s) => ({
      '@id': ns('systems', s.code),
      'dct:title': s.name[locale],
      'dpv:hasLocation': { 'dct:description': s.storageLocation[locale], country: s.country },
      'dpv:hasPersonalData': s.categoryCodes.map((code) => ({ '@id': ns('data', code) })),
    })),
    'dpv:hasRight': RIGHTS.map(([code, article]) => ({
      '@id': ns('law-94-v', `right_${code}`),
      '@type': 'dpv:DataSubjectRight',
      'kz:article': article,
      'kz:exercised_at': `${origin}/${locale}/me/requests/new`,
    })),
    'kz:deadlines': snapshot.deadlines.map((d) => ({ type: d.type, working_days: d.workingDays })),
  };
}
