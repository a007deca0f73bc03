import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import {
  calendarDays,
  deadlinePolicies,
  statutoryDeadlines,
  type DeadlineCode,
  type StatutoryDeadline,
} from '@/db/schema/calendar';
import type { LocalizedText } from '@/db/schema/columns';
import { kazakhstanCalendar } from './calendar-kz';

const law = (article: string, kk: string, ru: string) => ({
  source: `Law 94-V Art. ${article}`,
  sourceLabel: { kk: `94-V Заң, ${kk}`, ru: `Закон № 94-V, ${ru}`, en: `Law No. 94-V, Art. ${article}` },
});

/**
 * The deadline each source fixes (reference §1.3, §2): the ceiling of the operator's policy. Law
 * 94-V allows no extension of any of them. ACCESS comes from Rules 395/НҚ p.16, not from the Law
 * (which says "in the terms provided by legislation"): kept here as data so a new by-law is a data
 * change. An operator that is an administrative body would record APPK Art. 76 here (15 working
 * days, extension up to two months by reasoned decision); this portal's operator is not one.
 */
export const statutoryDeadlineData: StatutoryDeadline[] = [
  {
    code: 'ACCESS',
    workingDays: 3,
    source: 'Rules 395/НҚ p.16',
    sourceLabel: {
      kk: '395/НҚ Қағидалардың 16-тармағы (94-V Заң, 25-бап 2-т. 6) тт.: «заңнамада көзделген мерзімде»)',
      ru: 'п. 16 Правил № 395/НҚ (Закон № 94-V, ст. 25 п. 2 пп. 6): «в сроки, предусмотренные законодательством»)',
      en: 'Rules No. 395/НҚ, para. 16 (Law No. 94-V, Art. 25(2)(6): "within the terms provided by legislation")',
    },
    maxExtensionWorkingDays: 0,
    extensionSource: null,
  },
  ...(['RECTIFY', 'BLOCK', 'DESTROY', 'UNBLOCK', 'BREACH_NOTICE'] as const).map((code) => ({
    code,
    workingDays: 1,
    ...law('25(2)(8)', '25-бап 2-т. 8) тт.', 'ст. 25 п. 2 пп. 8)'),
    maxExtensionWorkingDays: 0,
    extensionSource: null,
  })),
  {
    code: 'PUBLIC_REMOVE',
    workingDays: 1,
    source: 'Law 94-V Art. 6 (third part)',
    sourceLabel: {
      kk: '94-V Заң, 6-баптың үшінші бөлігі',
      ru: 'Закон № 94-V, часть третья ст. 6',
      en: 'Law No. 94-V, Art. 6 (third part)',
    },
    maxExtensionWorkingDays: 0,
    extensionSource: null,
  },
  {
    code: 'WITHDRAW',
    workingDays: 15,
    ...law('8(7)', '8-бап 7-т.', 'ст. 8 п. 7'),
    maxExtensionWorkingDays: 0,
    extensionSource: null,
  },
  {
    code: 'OBJECT_AUTO',
    workingDays: 3,
    ...law('19-1(3)', '19-1-бап 3-т.', 'ст. 19-1 п. 3'),
    maxExtensionWorkingDays: 0,
    extensionSource: null,
  },
  {
    code: 'TRANSFER_NOTICE',
    workingDays: 10,
    ...law('19(1)', '19-бап 1-т.', 'ст. 19 п. 1'),
    maxExtensionWorkingDays: 0,
    extensionSource: null,
  },
];

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
    citation: {
      kk: '94-V Заң, 6-баптың үшінші бөлігі',
      ru: 'Закон № 94-V, часть третья ст. 6',
      en: 'Law No. 94-V, Art. 6 (third part)',
    },
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
  // The statute is the release's, so it is rewritten at every start; a policy it now caps is shortened.
  for (const statute of statutoryDeadlineData) {
    const { code, ...rest } = statute;
    await db
      .insert(statutoryDeadlines)
      .values(statute)
      .onConflictDoUpdate({ target: statutoryDeadlines.code, set: rest });
    await db
      .update(deadlinePolicies)
      .set({
        workingDays: sql`least(${deadlinePolicies.workingDays}, ${statute.workingDays})`,
        maxExtensionWorkingDays: sql`least(${deadlinePolicies.maxExtensionWorkingDays}, ${statute.maxExtensionWorkingDays})`,
      })
      .where(eq(deadlinePolicies.code, code));
  }
  await db.insert(deadlinePolicies).values(defaultDeadlinePolicies).onConflictDoNothing();
}
