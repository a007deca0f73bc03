import { index, integer, pgEnum, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, timestamptz } from './columns';

/**
 * Who a signed-in person is. `subject` is everyone who is not staff; the staff roles and what
 * each may do are in lib/auth/permissions.ts (PRODUCT.md, "Who uses it").
 */
export const userRoles = ['subject', 'agent', 'dpo', 'admin', 'auditor'] as const;
export type UserRole = (typeof userRoles)[number];
export const staffRoles = ['agent', 'dpo', 'admin', 'auditor'] as const satisfies readonly UserRole[];
export type StaffRole = (typeof staffRoles)[number];
export const userRole = pgEnum('user_role', userRoles);

// The four Auth.js tables keep the property names @auth/drizzle-adapter expects.
export const users = pgTable('users', {
  id: text()
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID()),
  name: text(),
  // Auth.js lower-cases addresses before it stores or looks them up.
  email: text().unique(),
  emailVerified: timestamptz(),
  image: text(),
  role: userRole().notNull().default('subject'),
  disabledAt: timestamptz(),
  createdAt: createdAt(),
});
export type User = typeof users.$inferSelect;

export const accounts = pgTable(
  'accounts',
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text().notNull(),
    provider: text().notNull(),
    providerAccountId: text().notNull(),
    refresh_token: text(),
    access_token: text(),
    expires_at: integer(),
    token_type: text(),
    scope: text(),
    id_token: text(),
    session_state: text(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

export const sessions = pgTable(
  'sessions',
  {
    sessionToken: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expires: timestamptz().notNull(),
  },
  (t) => [index().on(t.userId)],
);

export const verificationTokens = pgTable(
  'verification_tokens',
  {
    identifier: text().notNull(),
    token: text().notNull(),
    expires: timestamptz().notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);
