import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { createdAt } from './columns';

/**
 * The inventory version of PRODUCT.md: the approved state of the operator, categories, purposes
 * and recipients that the privacy notice shows (Art. 24–25). Append-only: a new approval adds the
 * next version, past versions stay viewable at /{locale}/privacy/v/N, and consent records point to
 * the version the subject saw. The snapshot's shape is lib/privacy-notice/snapshot.ts.
 */
export const privacyNoticeVersions = pgTable(
  'privacy_notice_versions',
  {
    version: integer().primaryKey(),
    approvedAt: createdAt(),
    // Null for the version the installation seeds before any staff exists.
    approvedById: text().references(() => users.id, { onDelete: 'set null' }),
    snapshot: jsonb().notNull(),
  },
  (t) => [check('privacy_notice_versions_positive', sql`${t.version} > 0`)],
);
export type PrivacyNoticeVersion = typeof privacyNoticeVersions.$inferSelect;
