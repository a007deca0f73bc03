import { z } from 'zod';
import type { Tx } from '@/db';
import type { LocalizedText } from '@/db/schema/columns';
import { operatorProfile } from '@/db/schema/operator';
import { recordAudit } from '@/lib/audit/record';
import { authorize } from '@/lib/auth/authorize';
import type { StaffRefusal } from '@/lib/errors';
import { DomainError } from '@/lib/errors';
import { isValidIin } from '@/lib/iin';
import { operatorProfileChanged } from './cache';

type User = Parameters<typeof authorize>[0];

export type OperatorProfileInput = {
  name: LocalizedText;
  bin: string;
  address: LocalizedText;
  email: string;
  phone: string;
  website: string;
  responsibleName: string;
  responsiblePosition: LocalizedText;
  responsibleEmail: string;
  responsiblePhone: string;
  storageLocation: LocalizedText;
  storageCountry: string;
  // Required when storageCountry is not KZ (Art. 12(2)).
  storageAbroadReason?: string | null;
  autoDestroyExpired: boolean;
  // Whether the subject's request page names the systems carrying out their request (lib/tasks).
  showSystemNamesToSubjects?: boolean;
};

const localized = z.object({
  kk: z.string().trim().min(1).max(500),
  ru: z.string().trim().min(1).max(500),
  en: z.string().trim().min(1).max(500),
});
const schema = z.object({
  name: localized,
  bin: z.string().refine(isValidIin),
  address: localized,
  email: z.email(),
  phone: z.string().trim().min(5).max(40),
  // Shown as a link on every page: only a web address, never javascript: or data: (issue 10).
  website: z.union([z.url({ protocol: /^https?$/, hostname: z.regexes.domain }), z.literal('')]),
  responsibleName: z.string().trim().min(1).max(200),
  responsiblePosition: localized,
  responsibleEmail: z.email(),
  responsiblePhone: z.string().trim().min(5).max(40),
  storageLocation: localized,
  storageCountry: z.string().regex(/^[A-Z]{2}$/),
  storageAbroadReason: z.string().trim().max(2000).nullish(),
  autoDestroyExpired: z.boolean(),
  showSystemNamesToSubjects: z.boolean().optional(),
});

/**
 * The admin keeps the operator's profile: who holds the data (BIN with its check digit), the
 * responsible person's contacts (Art. 25(3)), where the database is (Art. 12(2)), and whether
 * expired data are destroyed without confirmation (Art. 18).
 */
export async function saveOperatorProfile(tx: Tx, user: User, input: OperatorProfileInput) {
  const admin = authorize(user, 'inventory.manage');
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new DomainError<StaffRefusal>('invalid');
  // Art. 12(2): the database is kept in Kazakhstan; another country is a decision with a reason
  // (the CHECK operator_profile_storage_abroad_reason holds the same line).
  const abroad = parsed.data.storageCountry !== 'KZ';
  if (abroad && !parsed.data.storageAbroadReason) throw new DomainError<StaffRefusal>('storageAbroadReason');
  const values = {
    ...parsed.data,
    storageAbroadReason: abroad ? parsed.data.storageAbroadReason! : null,
    website: parsed.data.website || null,
    updatedAt: new Date(),
  };
  await tx
    .insert(operatorProfile)
    .values({ id: 1, ...values })
    .onConflictDoUpdate({ target: operatorProfile.id, set: values });
  // Every server process drops its copy of the profile when this commits (./cache.ts).
  await operatorProfileChanged(tx);
  await recordAudit(tx, {
    actor: admin,
    action: 'policy_changed',
    entityType: 'operator_profile',
    entityId: '1',
    details: {
      bin: values.bin,
      storageCountry: values.storageCountry,
      storageAbroadReason: values.storageAbroadReason,
      autoDestroyExpired: values.autoDestroyExpired,
    },
  });
}
