// The demo's data subjects (one per language), their data items with the purposes they serve, and their consents.
import { createHash } from 'node:crypto';
import type { Tx } from '@/db';
import { consentCategories, consentPurposes, consents } from '@/db/schema/consents';
import { recordConsentEvent } from '@/lib/consents/records';
import { dataItemPurposes, dataItems, subjects, type Locale } from '@/db/schema/subjects';
import { recordAudit, systemActor } from '@/lib/audit/record';
import { categorySeed, purposeSeed, type InventoryIds } from './inventory';
import { L } from './localized';
import { operator } from './operator';

export const demoSubjects = {
  aigul: 'aigul@example.kz',
  dmitry: 'dmitry@example.kz',
  daniel: 'daniel@example.com',
} as const;

/** A subject who wrote on paper and has no e-mail address: their notices are letters (lib/letters). */
export const paperSubject = 'yerlan';

type SubjectSeed = {
  /** How the seed names the subject: their e-mail address, or `paperSubject`. */
  key: string;
  email: string | null;
  postalAddress?: string;
  fullName: string;
  phone: string;
  iin: string | null;
  locale: Locale;
  monthsAgo: number;
  items: Record<string, string>;
  purposes: string[];
};

const subjectSeed: SubjectSeed[] = [
  {
    key: demoSubjects.aigul,
    email: demoSubjects.aigul,
    fullName: 'Серікбаева Айгүл Нұрланқызы',
    phone: '+7 701 555 12 34',
    iin: '950512401233',
    locale: 'kk',
    monthsAgo: 14,
    items: {
      full_name: 'Серікбаева Айгүл Нұрланқызы',
      email: demoSubjects.aigul,
      phone: '+7 701 555 12 34',
      iin: '950512401233',
      education: 'Әл-Фараби атындағы ҚазҰУ, информатика бакалавры, 2017; «Деректер талдау» курсы, 2025',
      employer: '«Steppe Logistics» ЖШС, БСН 971240001315',
    },
    purposes: ['training_contract', 'certificates', 'career_matching', 'newsletter'],
  },
  {
    key: demoSubjects.dmitry,
    email: demoSubjects.dmitry,
    fullName: 'Ковалёв Дмитрий Сергеевич',
    phone: '+7 777 210 45 67',
    iin: '881120300453',
    locale: 'ru',
    monthsAgo: 8,
    items: {
      full_name: 'Ковалёв Дмитрий Сергеевич',
      email: demoSubjects.dmitry,
      phone: '+7 777 210 45 67',
      iin: '881120300453',
      education: 'КазНТУ им. Сатпаева, инженер-механик, 2010; курс «Управление проектами», 2026',
      employer: 'АО «Qazaq Digital», БИН 150640019874',
    },
    purposes: ['training_contract', 'certificates', 'career_matching'],
  },
  {
    key: demoSubjects.daniel,
    email: demoSubjects.daniel,
    fullName: 'Daniel Okafor',
    phone: '+7 705 300 88 19',
    iin: null,
    locale: 'en',
    monthsAgo: 3,
    items: {
      full_name: 'Daniel Okafor',
      email: demoSubjects.daniel,
      phone: '+7 705 300 88 19',
      education: 'University of Lagos, BSc Economics, 2015; Kazakh language course A2, 2026',
    },
    purposes: ['training_contract', 'newsletter'],
  },
  {
    key: paperSubject,
    email: null,
    postalAddress: '050012, Алматы қ., Абай даңғылы, 52, 14-пәтер',
    fullName: 'Жұмабеков Ерлан Асқарұлы',
    phone: '+7 727 290 14 52',
    iin: null,
    locale: 'kk',
    monthsAgo: 5,
    items: {
      full_name: 'Жұмабеков Ерлан Асқарұлы',
      phone: '+7 727 290 14 52',
      education: 'Абай атындағы ҚазҰПУ, тарих пәнінің мұғалімі, 1998; «Цифрлық сауаттылық» курсы, 2026',
      employer: '№ 54 мектеп-гимназия КММ, Алматы',
    },
    purposes: ['training_contract'],
  },
];

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const monthsAgo = (months: number, now: Date) => new Date(now.getTime() - months * 30 * 86_400_000);

/** Subject ids by key (e-mail) and data item ids by `key:category code`, for the requests seeded after them. */
export type SubjectIds = { subjectIds: Record<string, string>; itemIds: Record<string, string> };

export async function seedSubjects(tx: Tx, now: Date, { categoryId, purposeId }: InventoryIds): Promise<SubjectIds> {
  const subjectIds: Record<string, string> = {};
  const itemIds: Record<string, string> = {};
  for (const s of subjectSeed) {
    const collectedAt = monthsAgo(s.monthsAgo, now);
    const [subject] = await tx
      .insert(subjects)
      .values({
        email: s.email,
        postalAddress: s.postalAddress ?? null,
        fullName: s.fullName,
        phone: s.phone,
        iin: s.iin,
        locale: s.locale,
        createdAt: collectedAt,
      })
      .returning({ id: subjects.id });
    subjectIds[s.key] = subject!.id;

    for (const [code, value] of Object.entries(s.items)) {
      const [item] = await tx
        .insert(dataItems)
        .values({
          subjectId: subject!.id,
          categoryId: categoryId(code),
          value,
          source: code === 'iin' ? 'state_database' : 'subject',
          sourceDetail: code === 'iin' ? 'ГБД ФЛ' : null,
          method: code === 'iin' ? 'automated' : 'manual',
          collectedAt,
          updatedAt: collectedAt,
        })
        .returning({ id: dataItems.id });
      itemIds[`${s.key}:${code}`] = item!.id;
      const servedBy = purposeSeed.filter(
        (p) => s.purposes.includes(p.code) && (p.categories as readonly string[]).includes(code),
      );
      if (servedBy.length > 0) {
        await tx
          .insert(dataItemPurposes)
          .values(servedBy.map((p) => ({ dataItemId: item!.id, purposeId: purposeId(p.code) })));
      }
    }

    // Art. 8(4): one consent per purpose that rests on consent, with the content the subject saw.
    for (const p of purposeSeed.filter((p) => s.purposes.includes(p.code) && p.legalBasis === 'consent')) {
      const crossBorder = (p.recipients as readonly string[]).includes('talentbridge');
      const thirdParty = p.recipients.length > 0;
      const evidence = [
        `${operator.name[s.locale]}, BIN ${operator.bin}`,
        s.fullName,
        p.name[s.locale],
        p.categories.map((c) => categorySeed.find((x) => x.code === c)!.name[s.locale]).join(', '),
      ].join('\n');
      // The training contract's consent cannot be withdrawn while the course is unpaid (Art. 8(2)).
      const locked = p.code === 'training_contract' && s.key === demoSubjects.dmitry;
      const [consent] = await tx
        .insert(consents)
        .values({
          subjectId: subject!.id,
          operatorName: operator.name,
          operatorBin: operator.bin,
          subjectName: s.fullName,
          validFrom: collectedAt,
          validUntil: p.code === 'training_contract' ? new Date(collectedAt.getTime() + 2 * 365 * 86_400_000) : null,
          thirdPartyTransfer: thirdParty,
          crossBorderTransfer: crossBorder,
          publicSources: false,
          notifyOnTransfer: thirdParty,
          channel: p.code === 'training_contract' ? 'paper' : 'portal',
          evidenceText: evidence,
          evidenceSha256: sha256(evidence),
          givenAt: collectedAt,
          withdrawalLock: locked ? 'obligation' : null,
          withdrawalLockReason: locked
            ? L(
                '2026/114 оқыту шарты бойынша төлем толық төленбеген: екінші бөлігі 2027 жылғы 30 маусымға дейін төленуге тиіс (94-V Заң, 8-бап 2-т., орындалмаған міндеттеме).',
                'По договору обучения № 2026/114 оплата внесена не полностью: вторая часть подлежит оплате до 30 июня 2027 года (Закон № 94-V, ст. 8 п. 2, неисполненное обязательство).',
                'Under training contract No. 2026/114 the fee is not fully paid: the second instalment is due by 30 June 2027 (Law No. 94-V, Art. 8(2), an unfulfilled obligation).',
              )
            : null,
        })
        .returning({ id: consents.id });
      await tx.insert(consentPurposes).values({ consentId: consent!.id, purposeId: purposeId(p.code) });
      await tx
        .insert(consentCategories)
        .values(p.categories.map((c) => ({ consentId: consent!.id, categoryId: categoryId(c) })));
      // Its ISO/IEC TS 27560 record, hashed over every Art. 8(4) item; the evidence above is replaced by it.
      await recordConsentEvent(tx, { consentId: consent!.id, event: 'given', actor: systemActor, at: collectedAt });
      await recordAudit(tx, {
        actor: systemActor,
        action: 'consent_given',
        subjectId: subject!.id,
        entityType: 'consent',
        entityId: consent!.id,
        details: { purpose: p.code, purposeName: p.name },
      });
    }
  }

  return { subjectIds, itemIds };
}
