/**
 * Hides a restricted value (an IIN, a phone number) on screen until the subject reveals it: every
 * digit but the last four becomes a dot, so the shape stays recognisable ("+7 ••• ••• •2 34").
 * A value without digits keeps only its last four characters.
 */
export function maskValue(value: string): string {
  const digits = value.replace(/\D/g, '').length;
  if (digits >= 8) {
    let toHide = digits - 4;
    return value.replace(/\d/g, (d) => (toHide-- > 0 ? '•' : d));
  }
  const visible = value.length >= 8 ? 4 : 0;
  return '•'.repeat(Math.max(4, value.length - visible)) + value.slice(value.length - visible);
}
