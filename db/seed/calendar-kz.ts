import type { CalendarDayKind } from '@/db/schema/calendar';
import type { LocalizedText } from '@/db/schema/columns';

/**
 * Kazakhstan's holidays, days off and ministerial transfers, 2024–2027 (reference §3.2). Only the
 * decisions go here; weekends and carry-overs are computed by lib/deadlines/calendar.ts.
 */
export type CalendarSeedEntry = {
  day: string;
  kind: CalendarDayKind;
  name: LocalizedText;
  source: string;
  isProvisional?: boolean;
};

const HOLIDAYS_LAW = 'Law of the RK No. 267-II of 13.12.2001 "On holidays in the Republic of Kazakhstan", Arts. 2–3';
const LABOUR_CODE_84 = 'Labour Code of the RK, Art. 84(5): a day off that is not carried over';

const names = {
  newYear: { kk: 'Жаңа жыл', ru: 'Новый год', en: 'New Year' },
  christmas: { kk: 'Православиелік Рождество', ru: 'Православное Рождество', en: 'Orthodox Christmas' },
  womensDay: { kk: 'Халықаралық әйелдер күні', ru: 'Международный женский день', en: "International Women's Day" },
  constitutionDay: { kk: 'Конституция күні', ru: 'День Конституции', en: 'Constitution Day' },
  nauryz: { kk: 'Наурыз мейрамы', ru: 'Наурыз мейрамы', en: 'Nauryz Meiramy' },
  unityDay: {
    kk: 'Қазақстан халқының бірлігі мерекесі',
    ru: 'Праздник единства народа Казахстана',
    en: "Kazakhstan People's Unity Day",
  },
  defenderDay: { kk: 'Отан қорғаушы күні', ru: 'День защитника Отечества', en: 'Defender of the Fatherland Day' },
  victoryDay: { kk: 'Жеңіс күні', ru: 'День Победы', en: 'Victory Day' },
  kurbanAit: { kk: 'Құрбан айттың бірінші күні', ru: 'Первый день Курбан айта', en: 'Kurban Ait (first day)' },
  capitalDay: { kk: 'Астана күні', ru: 'День Столицы', en: 'Capital Day' },
  republicDay: { kk: 'Республика күні', ru: 'День Республики', en: 'Republic Day' },
  independenceDay: { kk: 'Тәуелсіздік күні', ru: 'День Независимости', en: 'Independence Day' },
  transferredDayOff: { kk: 'Ауыстырылған демалыс күні', ru: 'Перенесённый выходной день', en: 'Transferred day off' },
  workingDay: { kk: 'Жұмыс күні (ауыстыру)', ru: 'Рабочий день (перенос)', en: 'Working day (transfer)' },
} satisfies Record<string, LocalizedText>;

/** The holidays every year has since the 2022 amendments (Republic Day restored, 1 December dropped). */
function everyYear(year: number): CalendarSeedEntry[] {
  const holiday = (monthDay: string, name: LocalizedText): CalendarSeedEntry => ({
    day: `${year}-${monthDay}`,
    kind: 'holiday',
    name,
    source: HOLIDAYS_LAW,
  });
  return [
    holiday('01-01', names.newYear),
    holiday('01-02', names.newYear),
    { day: `${year}-01-07`, kind: 'day_off', name: names.christmas, source: LABOUR_CODE_84 },
    holiday('03-08', names.womensDay),
    holiday('03-21', names.nauryz),
    holiday('03-22', names.nauryz),
    holiday('03-23', names.nauryz),
    holiday('05-01', names.unityDay),
    holiday('05-07', names.defenderDay),
    holiday('05-09', names.victoryDay),
    holiday('07-06', names.capitalDay),
    holiday('10-25', names.republicDay),
    holiday('12-16', names.independenceDay),
  ];
}

function kurbanAit(day: string, source: string, isProvisional = false): CalendarSeedEntry {
  return { day, kind: 'day_off', name: names.kurbanAit, source: `${LABOUR_CODE_84}; ${source}`, isProvisional };
}

function constitutionDay(day: string, source: string): CalendarSeedEntry {
  return { day, kind: 'holiday', name: names.constitutionDay, source };
}

export const kazakhstanCalendar: CalendarSeedEntry[] = [
  // 2024: production calendar (mgorod.kz 04.01.2024); transfer by the order of 17.04.2024.
  ...everyYear(2024),
  constitutionDay('2024-08-30', HOLIDAYS_LAW),
  {
    day: '2024-05-04',
    kind: 'working_day',
    name: names.workingDay,
    source:
      'Order of the acting Minister of Labour and Social Protection of 17.04.2024: day off moved from 4 May to 8 May',
  },
  {
    day: '2024-05-08',
    kind: 'transferred_day_off',
    name: names.transferredDayOff,
    source:
      'Order of the acting Minister of Labour and Social Protection of 17.04.2024: day off moved from 4 May to 8 May',
  },
  kurbanAit('2024-06-16', 'date announced by the Spiritual Administration of Muslims of Kazakhstan on 07.06.2024'),

  // 2025: transfer by Order No. 436 of 21.11.2024.
  ...everyYear(2025),
  constitutionDay('2025-08-30', HOLIDAYS_LAW),
  {
    day: '2025-01-05',
    kind: 'working_day',
    name: names.workingDay,
    source:
      'Order of the Minister of Labour and Social Protection No. 436 of 21.11.2024: day off moved from 5 January to 3 January',
  },
  {
    day: '2025-01-03',
    kind: 'transferred_day_off',
    name: names.transferredDayOff,
    source:
      'Order of the Minister of Labour and Social Protection No. 436 of 21.11.2024: day off moved from 5 January to 3 January',
  },
  kurbanAit('2025-06-06', 'production calendar 2025'),

  // 2026: 30 August is no longer a holiday (new Constitution of 15.03.2026; Law No. 306-VIII).
  ...everyYear(2026),
  kurbanAit('2026-05-27', 'production calendar 2026 (eGov, 02.01.2026)'),

  // 2027: Constitution Day on 15 March; the Kurban Ait date awaits the ministry's announcement.
  ...everyYear(2027),
  constitutionDay('2027-03-15', `${HOLIDAYS_LAW}, as amended by Law No. 306-VIII of 11.06.2026`),
  kurbanAit(
    '2027-05-16',
    'provisional: expected date, to be confirmed by the Ministry of Labour and the Spiritual Administration of Muslims',
    true,
  ),
];
