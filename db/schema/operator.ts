import { sql } from 'drizzle-orm';
import { boolean, char, check, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { localized, localizedCheck, timestamptz } from './columns';

/** The one operator this portal serves (a single row): who holds the data and who answers for it. */
export const operatorProfile = pgTable(
  'operator_profile',
  {
    id: integer().primaryKey().default(1),
    name: localized().notNull(),
    bin: char({ length: 12 }).notNull(),
    address: localized().notNull(),
    email: text().notNull(),
    phone: text().notNull(),
    website: text(),
    // The person responsible for organizing processing, Art. 25(2)(10), 25(3).
    responsibleName: text().notNull(),
    responsiblePosition: localized().notNull(),
    responsibleEmail: text().notNull(),
    responsiblePhone: text().notNull(),
    // Art. 12(2): the database is on the territory of the Republic of Kazakhstan.
    storageLocation: localized().notNull(),
    storageCountry: char({ length: 2 }).notNull().default('KZ'),
    // Why the database is abroad: Art. 12(2) requires it in Kazakhstan, so any other country is a
    // decision the operator must justify (and the profile page warns about).
    storageAbroadReason: text(),
    // Art. 18: whether items whose purposes have all ended are destroyed without the dpo's confirmation.
    autoDestroyExpired: boolean().notNull().default(false),
    // Whether the subject sees the names of the systems a request is carried out in, or only
    // "2 of 3 systems" (some operators do not publish their internal systems).
    showSystemNamesToSubjects: boolean().notNull().default(false),
    updatedAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    check('operator_profile_single_row', sql`${t.id} = 1`),
    check('operator_profile_bin_digits', sql`${t.bin} ~ '^[0-9]{12}$'`),
    localizedCheck('operator_profile_name_localized', t.name),
    localizedCheck('operator_profile_address_localized', t.address),
    localizedCheck('operator_profile_position_localized', t.responsiblePosition),
    localizedCheck('operator_profile_storage_localized', t.storageLocation),
    check(
      'operator_profile_storage_abroad_reason',
      sql`${t.storageCountry} = 'KZ' or length(trim(coalesce(${t.storageAbroadReason}, ''))) > 0`,
    ),
  ],
);
export type OperatorProfile = typeof operatorProfile.$inferSelect;
