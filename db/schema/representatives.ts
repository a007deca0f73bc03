import { sql } from 'drizzle-orm';
import { boolean, check, index, pgEnum, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { createdAt, timestamptz } from './columns';
import { requests } from './requests';
import { subjects } from './subjects';

/**
 * Art. 7(1), 10(2), 24: who may act for a data subject. A parent or a guardian is a legal
 * representative («заңды өкіл», «законный представитель»); anyone else acts under a power of
 * attorney («сенімхат», «доверенность»).
 */
export const representativeRelationships = ['parent', 'guardian', 'power_of_attorney'] as const;
export type RepresentativeRelationship = (typeof representativeRelationships)[number];
export const representativeRelationship = pgEnum('representative_relationship', representativeRelationships);

/** Staff's verdict on the authority document: until 'confirmed' the request is neither executed nor refused on its merits. */
export const authorityStates = ['unverified', 'confirmed', 'not_confirmed'] as const;
export type AuthorityState = (typeof authorityStates)[number];
export const authorityState = pgEnum('authority_state', authorityStates);

/**
 * A request filed for a subject by someone else: from their own account (`representativeSubjectId`)
 * or on paper through staff intake. Its own table, keyed by the request, so requests stay as they are.
 * The authority document is an attachment of the request's "filed" event (`documentId`).
 */
export const requestRepresentatives = pgTable(
  'request_representatives',
  {
    requestId: uuid()
      .primaryKey()
      .references(() => requests.id, { onDelete: 'cascade' }),
    // The account that filed it; null for a paper request registered by staff.
    representativeSubjectId: uuid().references(() => subjects.id, { onDelete: 'restrict' }),
    fullName: text().notNull(),
    // The name the representative gave for the person they act for: what they are shown, never the
    // operator's record of that person (they prove nothing until staff confirm the authority).
    representedName: text(),
    relationship: representativeRelationship().notNull(),
    // Filed from an account with an IIN the operator held no one for: staff resolve who it is.
    subjectWasKnown: boolean().notNull().default(true),
    authority: authorityState().notNull().default('unverified'),
    verifiedById: text().references(() => users.id, { onDelete: 'set null' }),
    verifiedAt: timestamptz(),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.representativeSubjectId),
    check('request_representatives_name', sql`length(trim(${t.fullName})) > 0`),
    check('request_representatives_verified', sql`(${t.authority} = 'unverified') = (${t.verifiedAt} is null)`),
  ],
);
export type RequestRepresentative = typeof requestRepresentatives.$inferSelect;
