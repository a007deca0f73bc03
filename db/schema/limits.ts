import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns';

/**
 * Abuse limits shared by every portal instance (lib/rate-limit.ts): one row per limited thing and
 * its current window. The key is a SHA-256 of what is limited (an address, an IP), never the thing
 * itself; stale rows are removed by the daily clean-up.
 */
export const rateLimits = pgTable('rate_limits', {
  key: text().primaryKey(),
  windowStart: timestamptz().notNull(),
  hits: integer().notNull(),
});
