import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { calendarDays, deadlinePolicies, type DeadlineCode } from '@/db/schema/calendar';
import type { LocalizedText } from '@/db/schema/columns';
import { kazakhstanCalendar } from './calendar-kz';

/** PRODUCT.md defaults, with the article each comes from (reference §1.3, §2). */
export const defaultDeadlinePolicies: {
  code: DeadlineCode;
  workingDays: number;
  maxExtensionWorkingDays: number;
  citation: LocalizedText;
}[] = [
  {
    code: 'ACCESS',
    workingDays: 3,
    maxExtensionWorkingDays: 0,
    citation: {
      kk: '94-V Заң, 24-бап 1-т. 1) тт., 25-бап 2-т. 6)–7) тт.; 395/НҚ Қағидалардың 16-тармағы',
      ru: 'Закон № 94-V, ст. 24 п. 1 пп. 1), ст. 25 п. 2 пп. 6)–7); п. 16 Правил № 395/НҚ',
      en: 'Law No. 94-V, Art. 24(1)(1), 25(2)(6)-(7); Rules No. 395/НҚ, para. 16',
    },
  },
  ...(['RECTIFY', 'BLOCK', 'DESTROY'] as const).map((code) => ({
    code,
    workingDays: 1,
    maxExtensionWorkingDays: 0,
    citation: {
      kk: '94-V Заң, 25-бап 2-т. 8) тт. («бір жұмыс күні ішінде»)',
      ru: 'Закон № 94-V, ст. 25 п. 2 пп. 8) («в течение одного рабочего дня»)',
      en: 'Law No. 94-V, Art. 25(2)(8) ("within one working day")',
    },
  })),
  {
    code: 'UNBLOCK',
    workingDays: 1,
    maxExtensionWorkingDays: 0,
    citation: {
      kk: '94-V Заң, 25-бап 2-т. 8) тт.: бұзушылық расталмаса, бұғаттауды алып тастау',
      ru: 'Закон № 94-V, ст. 25 п. 2 пп. 8): снятие блокирования, если нарушение не подтвердилось',
      en: 'Law No. 94-V, Art. 25(2)(8): unblocking when the violation is not confirmed',
    },
  },
  {
    code: 'WITHDRAW',
    workingDays: 15,
    maxExtensionWorkingDays: 0,
    citation: { kk: '94-V Заң, 8-бап 7-т.', ru: 'Закон № 94-V, ст. 8 п. 7', en: 'Law No. 94-V, Art. 8(7)' },
  },
  {
    code: 'PUBLIC_REMOVE',
    workingDays: 1,
    maxExtensionWorkingDays: 0,
    citation: { kk: '94-V Заң, 6-бап', ru: 'Закон № 94-V, ст. 6', en: 'Law No. 94-V, Art. 6' },
  },
  {
    code: 'OBJECT_AUTO',
    workingDays: 3,
    maxExtensionWorkingDays: 0,
    citation: { kk: '94-V Заң, 19-1-бап 3-т.', ru: 'Закон № 94-V, ст. 19-1 п. 3', en: 'Law No. 94-V, Art. 19-1(3)' },
  },
  {
    code: 'TRANSFER_NOTICE',
    workingDays: 10,
    maxExtensionWorkingDays: 0,
    citation: { kk: '94-V Заң, 19-бап 1-т.', ru: 'Закон № 94-V, ст. 19 п. 1', en: 'Law No. 94-V, Art. 19(1)' },
  },
  {
    code: 'BREACH_NOTICE',
    workingDays: 1,
    maxExtensionWorkingDays: 0,
    citation: {
      kk: '94-V Заң, 25-бап 2-т. 8) тт., соңғы абзац; 481/НҚ Қағидалар',
      ru: 'Закон № 94-V, ст. 25 п. 2 пп. 8), последний абзац; Правила № 481/НҚ',
      en: 'Law No. 94-V, Art. 25(2)(8), last indent; Rules No. 481/НҚ',
    },
  },
];

/**
 * Data every installation needs, demo or not, at every start. Never overwrites what the dpo has
 * changed: a year of the calendar is seeded only while the installation has no entry for it, so a
 * day the dpo removed or moved stays so, and a year added to calendar-kz.ts in a release reaches
 * installations that do not have it yet.
 */
export async function seedReferenceData(db: DbOrTx): Promise<void> {
  const known = new Set(
    (
      await db.selectDistinct({ year: sql<number>`extract(year from ${calendarDays.day})::int` }).from(calendarDays)
    ).map((r) => Number(r.year)),
  );
  const missing = kazakhstanCalendar.filter((entry) => !known.has(Number(entry.day.slice(0, 4))));
  if (missing.length) {
    await db
      .insert(calendarDays)
      .values(missing.map((entry) => ({ ...entry, isProvisional: entry.isProvisional ?? false })))
      .onConflictDoNothing();
  }
  await db.insert(deadlinePolicies).values(defaultDeadlinePolicies).onConflictDoNothing();
}
