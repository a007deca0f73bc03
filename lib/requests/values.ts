import { z } from 'zod';
import { isValidIin } from '@/lib/iin';

/** What a correct value looks like for the categories that have a shape; others only need to be there. */
export const MAX_VALUE_LENGTH = 500;
export const MAX_TEXT_LENGTH = 4000;

const email = z.email();

export function isValidValueFor(categoryCode: string, value: string): boolean {
  if (value.length === 0 || value.length > MAX_VALUE_LENGTH) return false;
  switch (categoryCode) {
    case 'email':
      return email.safeParse(value).success;
    case 'iin':
      return isValidIin(value);
    case 'phone':
      return /^\+?[0-9][0-9 ()-]{6,19}$/.test(value);
    default:
      return true;
  }
}
