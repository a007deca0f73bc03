/**
 * Where to go after signing in or giving the second factor: only a path of this portal (a
 * locale's page), never another site (`//evil.example`, `https://…`). The locale prefix is
 * removed: the caller's redirect adds the page's own.
 */
export function safeNextPath(value: FormDataEntryValue | string | null | undefined, fallback: string): string {
  const next = typeof value === 'string' ? value : '';
  const match = /^\/(kk|ru|en)(\/[A-Za-z0-9\-/_?=&%.]*)$/.exec(next);
  if (!match || next.startsWith('//') || match[2]!.startsWith('//')) return fallback;
  return match[2]!;
}
