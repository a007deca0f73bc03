/** Hides a restricted value (an IIN, a phone number) on screen, keeping its last four characters. */
export function maskValue(value: string): string {
  const visible = value.length >= 8 ? 4 : 0;
  return '•'.repeat(Math.max(4, value.length - visible)) + value.slice(value.length - visible);
}
