import type { LocalizedText } from '@/db/schema/columns';

/**
 * Ready reasoned refusals (Art. 25(2)(7), 8(7)) for the common cases, in the subject's language.
 * Staff choose one, then adapt the text to the case: a refusal always has a reason, a legal basis
 * and words addressed to the person.
 */
export const refusalReasonCodes = [
  'no_grounds',
  'law_requires_processing',
  'unfulfilled_obligation',
  'art9_case',
  'identity_not_confirmed',
  'authority_not_confirmed',
  'not_held',
  'documents_insufficient',
  'other',
] as const;
export type RefusalReasonCode = (typeof refusalReasonCodes)[number];

/** What staff replace in the "other" template: the reason, which no template can know. */
const otherPlaceholder: LocalizedText = {
  kk: '[себебін және оған негіз болған мән-жайларды жазыңыз]',
  ru: '[укажите причину и обстоятельства, на которых она основана]',
  en: '[state the reason and the circumstances it rests on]',
};

export const refusalTemplates: Record<RefusalReasonCode, { legalBasis: LocalizedText; text: LocalizedText }> = {
  no_grounds: {
    legalBasis: { kk: '94-V Заң, 24-бап 1-тармақ', ru: 'Закон № 94-V, ст. 24 п. 1', en: 'Law No. 94-V, Art. 24(1)' },
    text: {
      kk: 'Өтінішіңізді қарап, деректеріңізді өңдеу шарттарының бұзылғанын растайтын мән-жайларды анықтамадық. Деректер жинау кезінде көрсетілген мақсаттар үшін заңды негізде өңделеді.',
      ru: 'Мы рассмотрели ваше обращение и не установили обстоятельств, подтверждающих нарушение условий обработки ваших данных. Данные обрабатываются на законном основании для целей, указанных при их сборе.',
      en: 'We have examined your request and found no circumstances confirming that the conditions of processing your data were violated. Your data are processed lawfully for the purposes stated when they were collected.',
    },
  },
  law_requires_processing: {
    legalBasis: {
      kk: '94-V Заң, 8-бап 2-тармақ; 12-бап 2-тармақ',
      ru: 'Закон № 94-V, ст. 8 п. 2; ст. 12 п. 2',
      en: 'Law No. 94-V, Art. 8(2); Art. 12(2)',
    },
    text: {
      kk: 'Қазақстан Республикасының заңнамасы бұл деректерді белгіленген мерзім ішінде сақтауды талап етеді, сондықтан оларды қазір жою немесе өңдеуді тоқтату мүмкін емес. Мерзім өткен соң деректер жойылады.',
      ru: 'Законодательство Республики Казахстан требует хранить эти данные в течение установленного срока, поэтому уничтожить их или прекратить обработку сейчас невозможно. По истечении срока данные будут уничтожены.',
      en: 'The legislation of the Republic of Kazakhstan requires these data to be kept for a set period, so they cannot be destroyed or their processing stopped now. They will be destroyed when the period ends.',
    },
  },
  unfulfilled_obligation: {
    legalBasis: { kk: '94-V Заң, 8-бап 2-тармақ', ru: 'Закон № 94-V, ст. 8 п. 2', en: 'Law No. 94-V, Art. 8(2)' },
    text: {
      kk: 'Сіз бен оператор арасындағы шарт бойынша орындалмаған міндеттеме бар. Ол орындалғанға дейін келісімді кері қайтарып алу мүмкін емес. Міндеттеме орындалғаннан кейін өтінішті қайта беруіңізге болады.',
      ru: 'По договору между вами и оператором имеется неисполненное обязательство. До его исполнения отзыв согласия невозможен. После исполнения обязательства вы можете подать обращение повторно.',
      en: 'There is an unfulfilled obligation under the contract between you and the operator. Until it is fulfilled, the consent cannot be withdrawn. Once it is, you may file the request again.',
    },
  },
  // The processing rests on a case of the closed list of Art. 9, not on the consent: withdrawing
  // the consent does not end it. Staff name the sub-point and the law in the text.
  art9_case: {
    legalBasis: { kk: '94-V Заң, 9-бап', ru: 'Закон № 94-V, ст. 9', en: 'Law No. 94-V, Art. 9' },
    text: {
      kk: 'Бұл дербес деректер сіздің келісіміңізсіз, Заңның 9-бабында көзделген жағдай бойынша өңделеді, сондықтан келісімді кері қайтарып алу бұл өңдеуді тоқтатпайды. Өңдеудің мақсаты мен 9-баптың тармақшасы «Менің дербес деректерім» бетінде көрсетілген.',
      ru: 'Эти персональные данные обрабатываются без вашего согласия в случае, предусмотренном статьёй 9 Закона, поэтому отзыв согласия эту обработку не прекращает. Цель обработки и подпункт статьи 9 указаны на странице «Мои персональные данные».',
      en: 'These personal data are processed without your consent in a case provided for by Art. 9 of the Law, so withdrawing a consent does not stop this processing. The purpose and the sub-point of Art. 9 are shown on your "My personal data" page.',
    },
  },
  identity_not_confirmed: {
    legalBasis: { kk: '94-V Заң, 10-бап 2-тармақ', ru: 'Закон № 94-V, ст. 10 п. 2', en: 'Law No. 94-V, Art. 10(2)' },
    text: {
      kk: 'Өтініш берушінің деректер субъектісі немесе оның заңды өкілі екенін растай алмадық. Өтінішті порталда өз электрондық поштаңызбен кіріп беріңіз немесе жеке басыңызды растайтын құжатты ұсыныңыз.',
      ru: 'Нам не удалось подтвердить, что обращение подано субъектом данных или его законным представителем. Подайте обращение через портал, войдя со своей электронной почтой, или представьте документ, подтверждающий личность.',
      en: 'We could not confirm that the request was made by the data subject or their legal representative. Please file it through the portal, signed in with your own e-mail address, or provide a document confirming your identity.',
    },
  },
  // Art. 10(2), 24: a representative's document does not show they may act for the subject.
  authority_not_confirmed: {
    legalBasis: {
      kk: '94-V Заң, 10-бап 2-тармақ; 24-бап 1-тармақ',
      ru: 'Закон № 94-V, ст. 10 п. 2; ст. 24 п. 1',
      en: 'Law No. 94-V, Art. 10(2); Art. 24(1)',
    },
    text: {
      kk: 'Ұсынылған құжат өтініш берушінің дербес деректер субъектісінің заңды өкілі немесе сенімхат бойынша өкілі екенін растамайды. Өкілеттігіңізді растайтын құжатты (туу туралы куәлікті, қорғаншылықты белгілеу туралы шешімді немесе нотариат куәландырған сенімхатты) қоса беріп, өтінішті қайта беріңіз.',
      ru: 'Представленный документ не подтверждает, что заявитель является законным представителем субъекта персональных данных или его представителем по доверенности. Подайте обращение повторно, приложив документ, подтверждающий ваши полномочия (свидетельство о рождении, решение об установлении опеки или нотариально удостоверенную доверенность).',
      en: "The document provided does not show that the person filing is the data subject's legal representative or holds their power of attorney. Please file the request again with a document that confirms your authority (a birth certificate, a guardianship decision or a notarised power of attorney).",
    },
  },
  not_held: {
    legalBasis: {
      kk: '94-V Заң, 24-бап 1-тармақ 1) тармақша',
      ru: 'Закон № 94-V, ст. 24 п. 1 пп. 1)',
      en: 'Law No. 94-V, Art. 24(1)(1)',
    },
    text: {
      kk: 'Оператор өтініште көрсетілген деректерді сақтамайды, сондықтан оларға қатысты әрекет жасау мүмкін емес.',
      ru: 'Оператор не хранит данные, указанные в обращении, поэтому совершить с ними действия невозможно.',
      en: 'The operator does not hold the data named in the request, so nothing can be done with them.',
    },
  },
  documents_insufficient: {
    legalBasis: {
      kk: '94-V Заң, 24-бап 1-тармақ 2) тармақша; 25-бап 2-тармақ 8) тармақша',
      ru: 'Закон № 94-V, ст. 24 п. 1 пп. 2); ст. 25 п. 2 пп. 8)',
      en: 'Law No. 94-V, Art. 24(1)(2); Art. 25(2)(8)',
    },
    text: {
      kk: 'Ұсынылған құжаттар жаңа мәннің дұрыстығын растамайды. Деректерді өзгерту немесе толықтыру үшін оларды растайтын құжаттарды жіберіңіз.',
      ru: 'Представленные документы не подтверждают достоверность нового значения. Чтобы изменить или дополнить данные, направьте подтверждающие документы.',
      en: 'The documents provided do not confirm that the new value is correct. To change or supplement the data, please send documents that confirm it.',
    },
  },
  // A frame like the others, with the one place staff must fill marked (a refusal that still holds
  // the mark is not sent: isTemplateUnfinished), and where the person may complain (Art. 27, 27-1, 30).
  other: {
    legalBasis: { kk: '94-V Заң', ru: 'Закон № 94-V', en: 'Law No. 94-V' },
    text: {
      kk: `Өтінішіңізді қарап, оны мына себеп бойынша қанағаттандыра алмаймыз: ${otherPlaceholder.kk}. Бұл шешімге дербес деректерді қорғау саласындағы уәкілетті органға, облысыңыздың немесе қалаңыздың әкімдігіне не сотқа шағым бере аласыз (94-V Заңның 27, 27-1 және 30-баптары).`,
      ru: `Мы рассмотрели ваше обращение и не можем его удовлетворить по следующей причине: ${otherPlaceholder.ru}. Это решение вы можете обжаловать в уполномоченном органе в сфере защиты персональных данных, в акимате вашей области или города либо в суде (статьи 27, 27-1 и 30 Закона № 94-V).`,
      en: `We have examined your request and cannot grant it for the following reason: ${otherPlaceholder.en}. You may complain about this decision to the authorized body for the protection of personal data, to the akimat of your region or city, or to a court (Art. 27, 27-1 and 30 of Law No. 94-V).`,
    },
  },
};

/** A template text still holding the mark of what staff must write in (the "other" template's). */
export function isTemplateUnfinished(text: string): boolean {
  return Object.values(otherPlaceholder).some((mark) => text.includes(mark));
}
