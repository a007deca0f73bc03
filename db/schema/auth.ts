import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgEnum, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
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

/**
 * A signed-in browser. `sessionToken` holds the SHA-256 of the cookie's token, never the token:
 * someone who reads the table (a backup, a replica) cannot sign in with it (lib/auth/adapter.ts).
 * `expires` moves with use: 12 hours for subjects; for staff 30 minutes idle, never past 12 hours
 * after `createdAt` (lib/auth/session-policy.ts). Staff pages need `secondFactorAt` as well.
 */
export const sessions = pgTable(
  'sessions',
  {
    sessionToken: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expires: timestamptz().notNull(),
    createdAt: createdAt(),
    lastSeenAt: timestamptz().notNull().defaultNow(),
    secondFactorAt: timestamptz(),
    // The WebAuthn challenge this browser was last given (a passkey answers it once).
    challenge: text(),
    // Shown to the staff member in their list of sessions, so they recognise a stranger's.
    clientAddress: text(),
    userAgent: text(),
  },
  (t) => [index().on(t.userId)],
);

export const factorKinds = ['totp', 'passkey'] as const;
export const factorKind = pgEnum('factor_kind', factorKinds);

/**
 * A staff member's second factor: an authenticator app (TOTP, RFC 6238) or a passkey (WebAuthn).
 * A TOTP secret is kept encrypted with a key derived from AUTH_SECRET (lib/auth/totp.ts) and
 * counts once confirmed with a code; `lastStep` is the last time step accepted, so a code cannot
 * be used twice. A passkey keeps its public key and signature counter (lib/auth/passkeys.ts).
 */
export const staffFactors = pgTable(
  'staff_factors',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: factorKind().notNull().default('totp'),
    secret: text(),
    credentialId: text().unique(),
    publicKey: text(),
    counter: bigint({ mode: 'number' }),
    transports: text().array(),
    confirmedAt: timestamptz(),
    lastStep: bigint({ mode: 'number' }),
    lastUsedAt: timestamptz(),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.userId),
    check(
      'staff_factors_kind_fields',
      sql`(${t.kind} = 'totp' and ${t.secret} is not null) or (${t.kind} = 'passkey' and ${t.credentialId} is not null and ${t.publicKey} is not null)`,
    ),
  ],
);
export type StaffFactor = typeof staffFactors.$inferSelect;

export const verificationTokens = pgTable(
  'verification_tokens',
  {
    identifier: text().notNull(),
    token: text().notNull(),
    expires: timestamptz().notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);
