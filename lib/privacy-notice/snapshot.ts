import type { DbOrTx } from '@/db';
import { listDeadlinePolicies } from '@/db/queries/deadlines';
import { findInventory } from '@/db/queries/inventory';
import { findOperatorProfile } from '@/db/queries/operator';
import type { LocalizedText } from '@/db/schema/columns';
import type { Art9Point, LegalBasisKind, Recipient } from '@/db/schema/inventory';
import { requestTypes, type RequestType } from '@/db/schema/requests';

/**
 * What a version of the privacy notice shows about the operator and its inventory, frozen at
 * approval (Art. 24–25): the notice renders from this, never from today's inventory, so a past
 * version reads exactly as the subject saw it. Only plain JSON values: it is stored as jsonb.
 */
export type NoticeSnapshot = {
  operator: {
    name: LocalizedText;
    bin: string;
    address: LocalizedText;
    email: string;
    phone: string;
    responsibleName: string;
    responsibleEmail: string;
    responsiblePhone: string;
    storageLocation: LocalizedText;
    storageCountry: string;
  } | null;
  categories: { code: string; name: LocalizedText; description: LocalizedText; accessLevel: 'public' | 'restricted' }[];
  purposes: {
    code: string;
    name: LocalizedText;
    description: LocalizedText;
    legalBasis: LegalBasisKind;
    art9Point: Art9Point | null;
    legalBasisCitation: LocalizedText | null;
    retentionDescription: LocalizedText;
    isAutomated: boolean;
    automatedLogic: LocalizedText | null;
    categories: LocalizedText[];
    recipients: { name: LocalizedText; country: string }[];
    // Since version 2 of the snapshot (issue 12): the links by code, for the diff between versions.
    categoryCodes?: string[];
    recipientCodes?: string[];
    retention?: { kind: string; months: number | null; from: string | null };
  }[];
  recipients: {
    code: string;
    name: LocalizedText;
    country: string;
    kind: Recipient['kind'];
    crossBorderBasis: Recipient['crossBorderBasis'];
  }[];
  // Where the data live (issue 12): each system's storage place and the categories it holds.
  systems?: {
    code: string;
    name: LocalizedText;
    ownerDepartment: LocalizedText;
    country: string;
    storageLocation: LocalizedText;
    execution: 'api' | 'manual';
    categoryCodes: string[];
  }[];
  // The operator's deadline per request type and the law or by-law that sets it (Art. 24–25).
  deadlines: { type: RequestType; workingDays: number; source: LocalizedText | null }[];
};

/** The current operator profile and inventory, as the next version of the notice would show them. */
export async function takeNoticeSnapshot(db: DbOrTx): Promise<NoticeSnapshot> {
  const [operator, inventory, policies] = await Promise.all([
    findOperatorProfile(db),
    findInventory(db),
    listDeadlinePolicies(db),
  ]);
  return {
    operator: operator && {
      name: operator.name,
      bin: operator.bin,
      address: operator.address,
      email: operator.email,
      phone: operator.phone,
      responsibleName: operator.responsibleName,
      responsibleEmail: operator.responsibleEmail,
      responsiblePhone: operator.responsiblePhone,
      storageLocation: operator.storageLocation,
      storageCountry: operator.storageCountry,
    },
    categories: inventory.categories.map((c) => ({
      code: c.code,
      name: c.name,
      description: c.description,
      accessLevel: c.accessLevel,
    })),
    purposes: inventory.purposes.map((p) => ({
      code: p.code,
      name: p.name,
      description: p.description,
      legalBasis: p.legalBasis,
      art9Point: p.art9Point,
      legalBasisCitation: p.legalBasisCitation,
      retentionDescription: p.retentionDescription,
      isAutomated: p.isAutomated,
      automatedLogic: p.automatedLogic,
      categories: p.categories.map((c) => c.name),
      recipients: p.recipients.map((r) => ({ name: r.name, country: r.country })),
      categoryCodes: p.categories.map((c) => c.code),
      recipientCodes: p.recipients.map((r) => r.code),
      retention: { kind: p.retentionKind, months: p.retentionMonths, from: p.retentionFrom },
    })),
    recipients: inventory.recipients.map((r) => ({
      code: r.code,
      name: r.name,
      country: r.country,
      kind: r.kind,
      crossBorderBasis: r.crossBorderBasis,
    })),
    systems: inventory.systems.map((s) => ({
      code: s.code,
      name: s.name,
      ownerDepartment: s.ownerDepartment,
      country: s.country,
      storageLocation: s.storageLocation,
      execution: s.execution,
      categoryCodes: s.categoryCodes,
    })),
    deadlines: requestTypes.flatMap((type) => {
      const policy = policies.find((p) => p.code === type);
      return policy ? [{ type, workingDays: policy.workingDays, source: policy.source }] : [];
    }),
  };
}
