/**
 * The check digit of a Kazakhstan IIN or BIN (12 digits): weights 1..11 mod 11; if that gives 10,
 * weights 3..11,1,2 mod 11; 10 again means no valid number has these first eleven digits.
 * The database checks IINs with the same rule (kz_iin_valid, migration 0000).
 */
export function iinCheckDigit(first11: string): number | null {
  const digits = [...first11].map(Number);
  const sum = (weights: number[]) => digits.reduce((acc, d, i) => acc + d * weights[i]!, 0) % 11;
  let check = sum([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  if (check === 10) check = sum([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]);
  return check === 10 ? null : check;
}

export function isValidIin(value: string): boolean {
  return /^\d{12}$/.test(value) && iinCheckDigit(value.slice(0, 11)) === Number(value[11]);
}
