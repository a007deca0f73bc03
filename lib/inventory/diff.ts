import type { LocalizedText } from '@/db/schema/columns';
import type { NoticeSnapshot } from '@/lib/privacy-notice/snapshot';

/**
 * What changed between two versions of the inventory, as a person reads it (issue 12, point 2):
 * records added, retired or changed, each change by field with the value before and after. Computed
 * from the versions' snapshots, so the diff of version N is what its notice showed differently, and
 * the draft's diff is the same function on the preview (lib/inventory/approve.ts previewDraft).
 */

export type DiffValue = string | number | boolean | LocalizedText | string[] | null;
export type FieldChange = { field: string; before: DiffValue; after: DiffValue };
export type RecordDiff = {
  section: 'operator' | 'categories' | 'purposes' | 'recipients' | 'systems' | 'deadlines';
  code: string;
  name: LocalizedText | null;
  kind: 'added' | 'removed' | 'changed';
  fields: FieldChange[];
};

type Keyed = { code: string; name?: LocalizedText | null } & Record<string, unknown>;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

// Links are compared as sets, by code; a snapshot from before codes were kept has only names.
function linkKeys(codes: string[] | undefined, names: LocalizedText[]): string[] {
  return [...(codes ?? names.map((n) => n.en))].sort();
}

function purposeView(p: NoticeSnapshot['purposes'][number], byName: boolean) {
  const { categories, recipients, categoryCodes, recipientCodes, ...rest } = p;
  return {
    ...rest,
    categories: linkKeys(byName ? undefined : categoryCodes, categories),
    recipients: linkKeys(
      byName ? undefined : recipientCodes,
      recipients.map((r) => r.name),
    ),
  };
}

function diffSection(section: RecordDiff['section'], before: Keyed[], after: Keyed[], fields: string[]): RecordDiff[] {
  const out: RecordDiff[] = [];
  for (const next of after) {
    const prev = before.find((b) => b.code === next.code);
    if (!prev) {
      out.push({ section, code: next.code, name: next.name ?? null, kind: 'added', fields: [] });
      continue;
    }
    const changed = fields
      .filter((f) => !same(prev[f], next[f]))
      .map((f) => ({ field: f, before: (prev[f] ?? null) as DiffValue, after: (next[f] ?? null) as DiffValue }));
    if (changed.length > 0)
      out.push({ section, code: next.code, name: next.name ?? null, kind: 'changed', fields: changed });
  }
  for (const prev of before)
    if (!after.some((a) => a.code === prev.code))
      out.push({ section, code: prev.code, name: prev.name ?? null, kind: 'removed', fields: [] });
  return out;
}

export function diffSnapshots(before: NoticeSnapshot, after: NoticeSnapshot): RecordDiff[] {
  // Compare links by name when either side predates link codes.
  const byName = before.purposes.some((p) => !p.categoryCodes) || after.purposes.some((p) => !p.categoryCodes);
  const operator =
    before.operator && after.operator
      ? diffSection(
          'operator',
          [{ code: 'operator', ...before.operator }],
          [{ code: 'operator', ...after.operator }],
          [
            'name',
            'bin',
            'address',
            'email',
            'phone',
            'responsibleName',
            'responsibleEmail',
            'responsiblePhone',
            'storageLocation',
            'storageCountry',
          ],
        ).map((d) => ({ ...d, name: null }))
      : [];
  return [
    ...operator,
    ...diffSection('categories', before.categories, after.categories, ['name', 'description', 'accessLevel']),
    ...diffSection(
      'purposes',
      before.purposes.map((p) => purposeView(p, byName)),
      after.purposes.map((p) => purposeView(p, byName)),
      [
        'name',
        'description',
        'legalBasis',
        'art9Point',
        'legalBasisCitation',
        'retentionDescription',
        'isAutomated',
        'automatedLogic',
        'categories',
        'recipients',
      ],
    ),
    ...diffSection('recipients', before.recipients, after.recipients, ['name', 'country', 'kind', 'crossBorderBasis']),
    ...diffSection('systems', before.systems ?? [], after.systems ?? [], [
      'name',
      'ownerDepartment',
      'country',
      'storageLocation',
      'execution',
      'categoryCodes',
    ]),
    ...diffSection(
      'deadlines',
      before.deadlines.map((d) => ({ code: d.type, workingDays: d.workingDays })),
      after.deadlines.map((d) => ({ code: d.type, workingDays: d.workingDays })),
      ['workingDays'],
    ),
  ];
}

/**
 * The consent-based purposes whose terms widened: a recipient or a category added to a purpose
 * processed on consent. A consent covers what the subject was told (Art. 8(4)(4), (7)); more needs
 * their consent again. (A new purpose has no consents yet: it is asked for on its own.)
 */
export function consentWidenings(before: NoticeSnapshot, after: NoticeSnapshot): string[] {
  const byName = before.purposes.some((p) => !p.categoryCodes) || after.purposes.some((p) => !p.categoryCodes);
  return after.purposes
    .filter((next) => next.legalBasis === 'consent')
    .filter((next) => {
      const prev = before.purposes.find((p) => p.code === next.code);
      if (!prev) return false;
      const a = purposeView(prev, byName);
      const b = purposeView(next, byName);
      const grew = (x: string[], y: string[]) => y.some((key) => !x.includes(key));
      return grew(a.categories, b.categories) || grew(a.recipients, b.recipients);
    })
    .map((p) => p.code);
}
