// The demo's processing inventory: data categories, recipients, purposes and the links between them.
import type { Tx } from '@/db';
import { eq } from 'drizzle-orm';
import { users } from '@/db/schema/auth';
import {
  dataCategories,
  purposeCategories,
  purposeRecipients,
  purposes,
  recipients,
  systemCategories,
  systems,
} from '@/db/schema/inventory';
import { L } from './localized';

export const categorySeed = [
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

export const purposeSeed = [
  {
    code: 'training_contract',
    // A contract is not a ground of the Law: the processing rests on the consent given with the
    // contract, whose withdrawal an unfulfilled obligation locks (Art. 8(2)).
    legalBasis: 'consent',
    art9Point: null,
    legalBasisCitation: L(
      'Оқыту қызметтерін көрсету шартымен бірге берілген келісім',
      'Согласие, данное вместе с договором оказания образовательных услуг',
      'The consent given with the training services contract',
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
    // Art. 9(10): a case established by a law, here the Law "On education".
    legalBasis: 'art9',
    art9Point: '10',
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
    art9Point: null,
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
    art9Point: null,
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
    art9Point: null,
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

/**
 * Where the demo operator's data live: its CRM, answered through the API, and the HR system, where
 * a person in HR carries out what a request asks.
 */
export const systemSeed = [
  {
    code: 'crm',
    execution: 'api',
    country: 'KZ',
    name: L('Оқушылар CRM жүйесі', 'CRM учащихся', 'Learner CRM'),
    ownerDepartment: L('Оқу бөлімі', 'Учебный отдел', 'Learning department'),
    storageLocation: L(
      'Алматы қаласындағы деректер орталығы',
      'Центр обработки данных в Алматы',
      'Data centre in Almaty',
    ),
    categories: ['full_name', 'email', 'phone', 'education', 'iin'],
  },
  {
    code: 'hr',
    execution: 'manual',
    country: 'KZ',
    name: L('Кадр жүйесі', 'Кадровая система', 'HR system'),
    ownerDepartment: L('Кадр бөлімі', 'Отдел кадров', 'HR department'),
    storageLocation: L('Алматыдағы кеңсе сервері', 'Сервер офиса в Алматы', 'Office server in Almaty'),
    categories: ['full_name', 'iin', 'employer'],
  },
] as const;

/** The seeded rows' ids by code, for the subjects and requests seeded after them. */
export type InventoryIds = { categoryId: (code: string) => string; purposeId: (code: string) => string };

export async function seedInventory(tx: Tx): Promise<InventoryIds> {
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

  // The HR system's tasks go to the demo agent (db/seed/demo/staff.ts is seeded first).
  const [agent] = await tx.select({ id: users.id }).from(users).where(eq(users.email, 'agent@dalabilim.kz'));
  for (const [i, { categories: codes, ...system }] of systemSeed.entries()) {
    const [row] = await tx
      .insert(systems)
      .values({ ...system, sortOrder: i, responsibleId: system.execution === 'manual' ? agent!.id : null })
      .returning({ id: systems.id });
    await tx.insert(systemCategories).values(codes.map((c) => ({ systemId: row!.id, categoryId: categoryId(c) })));
  }

  return { categoryId, purposeId };
}
