import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { users } from '@/db/schema/auth';
import type { LocalizedText } from '@/db/schema/columns';
import { consentCategories, consentPurposes, consents } from '@/db/schema/consents';
import { dataCategories, purposeCategories, purposeRecipients, purposes, recipients } from '@/db/schema/inventory';
import { operatorProfile } from '@/db/schema/operator';
import { dataItemPurposes, dataItems, subjects, type Locale } from '@/db/schema/subjects';
import { recordAudit, systemActor } from '@/lib/audit/record';
import { fileRequest } from '@/lib/requests/file';

/**
 * A fictional Kazakhstan operator for the demo: an online school and career service in Almaty.
 * Seeded once, on an empty database, by scripts/start.ts. Its staff accounts are in the README.
 */
export const demoStaff = [
  { email: 'admin@dalabilim.kz', name: 'Ержан Омаров', role: 'admin' },
  { email: 'dpo@dalabilim.kz', name: 'Айгерім Сапарова', role: 'dpo' },
  { email: 'agent@dalabilim.kz', name: 'Мадина Әбдірахманова', role: 'agent' },
  { email: 'auditor@dalabilim.kz', name: 'Сергей Лим', role: 'auditor' },
] as const;

export const demoSubjects = {
  aigul: 'aigul@example.kz',
  dmitry: 'dmitry@example.kz',
  daniel: 'daniel@example.com',
} as const;

const operator = {
  name: { kk: '«Дала Білім» ЖШС', ru: 'ТОО «Дала Білім»', en: 'Dala Bilim LLP' },
  bin: '180340012346',
};

const L = (kk: string, ru: string, en: string): LocalizedText => ({ kk, ru, en });

const categorySeed = [
  {
    code: 'full_name',
    accessLevel: 'public',
    name: L('Тегі, аты, әкесінің аты', 'Фамилия, имя, отчество', 'Full name'),
    description: L(
      'Жеке басын куәландыратын құжаттағыдай',
      'Как в документе, удостоверяющем личность',
      'As in the identity document',
    ),
  },
  {
    code: 'email',
    accessLevel: 'public',
    name: L('Электрондық пошта', 'Электронная почта', 'E-mail address'),
    description: L(
      'Хат алмасу және порталға кіру үшін',
      'Для переписки и входа на портал',
      'For correspondence and signing in to the portal',
    ),
  },
  {
    code: 'phone',
    accessLevel: 'restricted',
    name: L('Телефон нөмірлері', 'Номера телефонов', 'Phone numbers'),
    description: L('Ұялы және қосымша нөмірлер', 'Мобильный и дополнительные номера', 'Mobile and additional numbers'),
  },
  {
    code: 'education',
    accessLevel: 'public',
    name: L('Білімі және біліктілігі', 'Образование и квалификация', 'Education and qualification'),
    description: L(
      'Оқу орны, мамандығы, бітірген жылы, сертификаттар',
      'Учебное заведение, специальность, год окончания, сертификаты',
      'Institution, field, year of graduation, certificates',
    ),
  },
  {
    code: 'iin',
    accessLevel: 'restricted',
    isIin: true,
    name: L('ЖСН', 'ИИН', 'IIN'),
    description: L(
      'Жеке сәйкестендіру нөмірі',
      'Индивидуальный идентификационный номер',
      'Individual identification number',
    ),
  },
  {
    code: 'employer',
    accessLevel: 'public',
    name: L('Жұмыс берушінің атауы және БСН', 'Наименование и БИН работодателя', 'Employer name and BIN'),
    description: L('Қазіргі жұмыс орны', 'Текущее место работы', 'Current place of work'),
  },
] as const;

const recipientSeed = [
  {
    code: 'smart_pay',
    kind: 'processor',
    country: 'KZ',
    bin: '060340003213',
    notifySubject: false,
    name: L(
      '«Смарт Пэй» ЖШС (төлем өңдеу)',
      'ТОО «Смарт Пэй» (обработка платежей)',
      'Smart Pay LLP (payment processing)',
    ),
  },
  {
    code: 'steppe_hr',
    kind: 'third_party',
    country: 'KZ',
    bin: '971240001315',
    notifySubject: true,
    name: L(
      '«Steppe Logistics» ЖШС (серіктес жұмыс беруші)',
      'ТОО «Steppe Logistics» (партнёр-работодатель)',
      'Steppe Logistics LLP (partner employer)',
    ),
  },
  {
    code: 'talentbridge',
    kind: 'third_party',
    country: 'DE',
    bin: null,
    crossBorderBasis: 'consent',
    notifySubject: true,
    name: L(
      'TalentBridge GmbH (вакансиялар платформасы, Германия)',
      'TalentBridge GmbH (платформа вакансий, Германия)',
      'TalentBridge GmbH (vacancy platform, Germany)',
    ),
  },
] as const;

const purposeSeed = [
  {
    code: 'training_contract',
    legalBasis: 'contract',
    legalBasisCitation: L(
      'Оқыту қызметтерін көрсету шарты; 94-V Заң, 7-бап 1-т.',
      'Договор оказания образовательных услуг; Закон № 94-V, ст. 7 п. 1',
      'Training services contract; Law No. 94-V, Art. 7(1)',
    ),
    name: L('Шарт бойынша оқыту', 'Обучение по договору', 'Training under the contract'),
    description: L(
      'Курсқа жазу, сабақтар кестесі, төлемдер және оқу нәтижелері',
      'Зачисление на курс, расписание занятий, оплата и результаты обучения',
      'Enrolment, class schedule, payments and learning results',
    ),
    retentionKind: 'period_after_event',
    retentionMonths: 60,
    retentionFrom: 'relationship_ended',
    retentionDescription: L(
      'Шарт аяқталғаннан кейін 5 жыл (бухгалтерлік құжаттар)',
      '5 лет после окончания договора (бухгалтерские документы)',
      '5 years after the contract ends (accounting records)',
    ),
    categories: ['full_name', 'email', 'phone', 'iin'],
    recipients: ['smart_pay'],
  },
  {
    code: 'certificates',
    legalBasis: 'law',
    legalBasisCitation: L(
      '«Білім туралы» ҚР Заңы (білім туралы құжаттар); 94-V Заң, 9-бап',
      'Закон РК «Об образовании» (документы об образовании); Закон № 94-V, ст. 9',
      'Law of the RK "On education" (education documents); Law No. 94-V, Art. 9',
    ),
    name: L(
      'Сертификаттар беру және олардың тізілімі',
      'Выдача сертификатов и их реестр',
      'Issuing certificates and keeping their register',
    ),
    description: L(
      'Курсты бітіргені туралы сертификат беру және оның түпнұсқалығын растау',
      'Выдача сертификата об окончании курса и подтверждение его подлинности',
      'Issuing a course completion certificate and confirming that it is genuine',
    ),
    retentionKind: 'period_after_event',
    retentionMonths: 120,
    retentionFrom: 'collected',
    retentionDescription: L('Жиналған күннен бастап 10 жыл', '10 лет с даты сбора', '10 years from collection'),
    categories: ['full_name', 'iin', 'education'],
    recipients: [],
  },
  {
    code: 'career_matching',
    legalBasis: 'consent',
    legalBasisCitation: null,
    name: L(
      'Серіктес жұмыс берушілердің бос орындарын ұсыну',
      'Подбор вакансий партнёров-работодателей',
      'Recommending vacancies from partner employers',
    ),
    description: L(
      'Біліміңіз бен тәжірибеңізге сай бос орындарды іріктеу және түйіндемеңізді жұмыс берушілерге жіберу',
      'Подбор вакансий по вашему образованию и опыту и передача резюме работодателям',
      'Matching vacancies to your education and experience and sending your CV to employers',
    ),
    retentionKind: 'until_purpose_achieved',
    retentionMonths: null,
    retentionFrom: null,
    retentionDescription: L(
      'Келісімді кері қайтарып алғанша немесе мақсатқа жеткенше',
      'До отзыва согласия или достижения цели',
      'Until you withdraw consent or the purpose is achieved',
    ),
    isAutomated: true,
    automatedLogic: L(
      'Жүйе біліміңіз бен жұмыс тәжірибеңізді бос орын талаптарымен автоматты түрде салыстырып, сәйкестік бағасын береді. Баға тек ұсынымдарға әсер етеді; жұмысқа алу туралы шешімді жұмыс беруші қабылдайды.',
      'Система автоматически сравнивает ваше образование и опыт с требованиями вакансий и выставляет оценку соответствия. Оценка влияет только на рекомендации; решение о найме принимает работодатель.',
      'The system automatically compares your education and experience with vacancy requirements and gives a match score. The score only affects recommendations; the employer decides on hiring.',
    ),
    categories: ['full_name', 'email', 'education', 'employer'],
    recipients: ['steppe_hr', 'talentbridge'],
  },
  {
    code: 'newsletter',
    legalBasis: 'consent',
    legalBasisCitation: null,
    name: L('Жаңа курстар туралы хабарлау', 'Информирование о новых курсах', 'News about new courses'),
    description: L(
      'Айына бір реттен жиі емес электрондық хаттар',
      'Письма не чаще раза в месяц',
      'E-mails at most once a month',
    ),
    retentionKind: 'until_purpose_achieved',
    retentionMonths: null,
    retentionFrom: null,
    retentionDescription: L('Келісімді кері қайтарып алғанша', 'До отзыва согласия', 'Until you withdraw consent'),
    withdrawalEffect: 'destroy',
    categories: ['full_name', 'email'],
    recipients: [],
  },
  {
    code: 'graduate_showcase',
    legalBasis: 'consent',
    legalBasisCitation: null,
    name: L('Түлектерді сайтта жариялау', 'Публикация выпускников на сайте', 'Featuring graduates on our website'),
    description: L(
      'Аты-жөніңіз бен бітірген курсыңызды dalabilim.kz сайтындағы «Біздің түлектер» бетінде жариялау',
      'Публикация вашего имени и оконченного курса на странице «Наши выпускники» сайта dalabilim.kz',
      'Publishing your name and the course you completed on the "Our graduates" page of dalabilim.kz',
    ),
    retentionKind: 'until_purpose_achieved',
    retentionMonths: null,
    retentionFrom: null,
    retentionDescription: L('Келісімді кері қайтарып алғанша', 'До отзыва согласия', 'Until you withdraw consent'),
    withdrawalEffect: 'destroy',
    publishes: true,
    categories: ['full_name', 'education'],
    recipients: [],
  },
] as const;

type SubjectSeed = {
  email: string;
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
];

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const monthsAgo = (months: number, now: Date) => new Date(now.getTime() - months * 30 * 86_400_000);

export async function isDemoSeeded(tx: Tx): Promise<boolean> {
  const [row] = await tx.select({ id: operatorProfile.id }).from(operatorProfile).limit(1);
  return row !== undefined;
}

/** Seeds the demo operator in one transaction: all of it, or nothing. */
export async function seedDemoData(tx: Tx, now = new Date()): Promise<void> {
  await tx.insert(operatorProfile).values({
    ...operator,
    address: L(
      'Алматы қ., Абай даңғылы, 150, 5-қабат, 050046',
      'г. Алматы, пр. Абая, 150, 5 этаж, 050046',
      '150 Abay Avenue, 5th floor, Almaty 050046',
    ),
    email: 'privacy@dalabilim.kz',
    phone: '+7 727 355 01 50',
    website: 'https://dalabilim.kz',
    responsibleName: 'Айгерім Сапарова',
    responsiblePosition: L(
      'Дербес деректерді өңдеуді ұйымдастыруға жауапты тұлға',
      'Лицо, ответственное за организацию обработки персональных данных',
      'Person responsible for organizing the processing of personal data',
    ),
    responsibleEmail: 'dpo@dalabilim.kz',
    responsiblePhone: '+7 727 355 01 51',
    storageLocation: L(
      'Алматы қ. деректер өңдеу орталығы, Қазақстан Республикасы',
      'Центр обработки данных в г. Алматы, Республика Казахстан',
      'Data centre in Almaty, Republic of Kazakhstan',
    ),
  });

  await tx.insert(users).values(demoStaff.map((s) => ({ ...s, emailVerified: now })));

  const categories = await tx
    .insert(dataCategories)
    .values(categorySeed.map((c, i) => ({ ...c, sortOrder: i })))
    .returning({ id: dataCategories.id, code: dataCategories.code });
  const categoryId = (code: string) => categories.find((c) => c.code === code)!.id;

  const recipientRows = await tx
    .insert(recipients)
    .values([...recipientSeed])
    .returning({ id: recipients.id, code: recipients.code });
  const recipientId = (code: string) => recipientRows.find((r) => r.code === code)!.id;

  const purposeRows = await tx
    .insert(purposes)
    .values(purposeSeed.map(({ categories: _c, recipients: _r, ...p }, i) => ({ ...p, sortOrder: i })))
    .returning({ id: purposes.id, code: purposes.code });
  const purposeId = (code: string) => purposeRows.find((p) => p.code === code)!.id;
  for (const p of purposeSeed) {
    await tx
      .insert(purposeCategories)
      .values(p.categories.map((c) => ({ purposeId: purposeId(p.code), categoryId: categoryId(c) })));
    if (p.recipients.length > 0) {
      await tx
        .insert(purposeRecipients)
        .values(p.recipients.map((r) => ({ purposeId: purposeId(p.code), recipientId: recipientId(r) })));
    }
  }

  const subjectIds: Record<string, string> = {};
  const itemIds: Record<string, string> = {};
  for (const s of subjectSeed) {
    const collectedAt = monthsAgo(s.monthsAgo, now);
    const [subject] = await tx
      .insert(subjects)
      .values({
        email: s.email,
        fullName: s.fullName,
        phone: s.phone,
        iin: s.iin,
        locale: s.locale,
        createdAt: collectedAt,
      })
      .returning({ id: subjects.id });
    subjectIds[s.email] = subject!.id;

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
      itemIds[`${s.email}:${code}`] = item!.id;
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
    for (const p of purposeSeed.filter(
      (p) => s.purposes.includes(p.code) && (p.legalBasis === 'consent' || p.code === 'training_contract'),
    )) {
      const crossBorder = (p.recipients as readonly string[]).includes('talentbridge');
      const thirdParty = p.recipients.length > 0;
      const evidence = [
        `${operator.name[s.locale]}, BIN ${operator.bin}`,
        s.fullName,
        p.name[s.locale],
        p.categories.map((c) => categorySeed.find((x) => x.code === c)!.name[s.locale]).join(', '),
      ].join('\n');
      // The training contract's consent cannot be withdrawn while the course is unpaid (Art. 8(2)).
      const locked = p.code === 'training_contract' && s.email === demoSubjects.dmitry;
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

  // A few requests, so the back office has a queue to show from the first click.
  const [agent] = await tx.execute<{ id: string }>(sql`select id from users where email = 'agent@dalabilim.kz'`);
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
  const access = await fileRequest(tx, {
    subjectId: subjectIds[demoSubjects.aigul]!,
    type: 'ACCESS',
    registeredAt: daysAgo(20),
    notify: false,
  });
  const destroy = await fileRequest(tx, {
    subjectId: subjectIds[demoSubjects.dmitry]!,
    type: 'DESTROY',
    description: 'Прошу уничтожить номер телефона: рассылки мне больше не нужны.',
    items: [{ dataItemId: itemIds[`${demoSubjects.dmitry}:phone`]!, categoryId: categoryId('phone') }],
    registeredAt: daysAgo(6),
    notify: false,
  });
  await tx.execute(sql`update requests set state = 'IN_PROGRESS', assignee_id = ${agent!.id} where id = ${destroy.id}`);
  await fileRequest(tx, {
    subjectId: subjectIds[demoSubjects.aigul]!,
    type: 'OBJECT_AUTO',
    purposeId: purposeId('career_matching'),
    description: 'Бос орындарды алгоритм емес, адам қарап шықсын деп сұраймын.',
    registeredAt: now,
    notify: false,
  });
  await tx.execute(sql`update requests set state = 'COMPLETED', completed_at = registered_at + interval '1 day'
    where id = ${access.id}`);
  // Activity e-mails start after the seed: its history is on the activity page, not in an inbox.
  await tx.execute(sql`update subjects set activity_digest_last_event_id = (select max(id) from audit_events)`);
}
