import { z } from 'zod';
import { representativeRelationships, type RepresentativeRelationship } from '@/db/schema/representatives';
import { isValidIin } from '@/lib/iin';
import type { NewRepresentative } from './representatives';

/**
 * The representative's fields of the two forms that take them: the portal form a representative
 * files from their own account, and staff intake of a paper request. Error messages are keys of
 * `representatives.errors`.
 */
const NAME_MAX = 200;
export const personName = z
  .string()
  .trim()
  .min(1, { error: 'representatives.errors.name' })
  .max(NAME_MAX, { error: 'representatives.errors.name' });
export const relationship = z.enum(representativeRelationships, { error: 'representatives.errors.relationship' });
export const iin = z.string().trim().refine(isValidIin, { error: 'representatives.errors.iin' });

/** Intake: either the subject filed it themselves (both empty) or a representative did (both given). */
export const intakeRepresentativeFields = {
  representativeName: z.string().trim().max(NAME_MAX, { error: 'representatives.errors.name' }),
  representativeRelationship: z.enum(['', ...representativeRelationships], {
    error: 'representatives.errors.relationship',
  }),
};

export function checkIntakeRepresentative(
  input: { representativeName: string; representativeRelationship: '' | RepresentativeRelationship },
  context: z.core.$RefinementCtx,
) {
  const { representativeName: name, representativeRelationship: rel } = input;
  if (name && !rel)
    context.addIssue({
      code: 'custom',
      path: ['representativeRelationship'],
      message: 'representatives.errors.relationship',
    });
  if (rel && !name)
    context.addIssue({ code: 'custom', path: ['representativeName'], message: 'representatives.errors.name' });
}

/** The representative an intake form names, if any (checked by checkIntakeRepresentative). */
export function intakeRepresentative(input: {
  representativeName: string;
  representativeRelationship: '' | RepresentativeRelationship;
}): NewRepresentative | undefined {
  if (!input.representativeName || !input.representativeRelationship) return undefined;
  return { fullName: input.representativeName, relationship: input.representativeRelationship };
}
