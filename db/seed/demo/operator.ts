// The demo operator's profile: an LLP in Almaty with its BIN, address, responsible person and where it stores data.
import type { Tx } from '@/db';
import { operatorProfile } from '@/db/schema/operator';
import { L } from './localized';

/** Its name and BIN, also written into the text of every consent. */
export const operator = {
  name: { kk: '«Дала Білім» ЖШС', ru: 'ТОО «Дала Білім»', en: 'Dala Bilim LLP' },
  bin: '180340012346',
};

export async function seedOperator(tx: Tx): Promise<void> {
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
}
