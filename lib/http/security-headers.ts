/**
 * The browser-side defences every page carries, set by the proxy (proxy.ts) per request.
 *
 * Scripts run only with this request's nonce: Next.js reads it from the request's
 * Content-Security-Policy header and puts it on its own scripts; 'strict-dynamic' lets those load
 * the page's chunks. Styles keep 'unsafe-inline': React writes style attributes, and styles
 * cannot run code. Nothing may frame the portal, post a form elsewhere, or load a plugin.
 */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy(
  scripts: { nonce: string } | { hashes: string[] },
  { development = false } = {},
): string {
  // A page shared by many visitors (lib/http/shared-pages.ts) names its inline scripts by their
  // hash instead; 'self' then admits the chunks, which carry no nonce.
  const allowed =
    'nonce' in scripts ? `'nonce-${scripts.nonce}' 'strict-dynamic'` : scripts.hashes.map((h) => `'${h}'`).join(' ');
  return [
    "default-src 'self'",
    // The development server evaluates modules (React's call stacks); production never does.
    `script-src 'self' ${allowed}${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    // The authenticator QR code is an inline SVG image (data:).
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** Headers for every page besides the policy; HSTS only over HTTPS (a browser ignores it on http). */
export function pageSecurityHeaders({ https }: { https: boolean }): Record<string, string> {
  return {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    ...(https ? { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' } : {}),
  };
}

const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

/**
 * A state-changing request is accepted only from the portal's own pages: its Origin must be the
 * public address (AUTH_URL), or in demo mode the address the browser used (localhost or
 * 127.0.0.1). Host and X-Forwarded-* are those the server's preload vouched for
 * (scripts/forwarded-headers.mjs), so a forged X-Forwarded-Host cannot make a foreign origin
 * acceptable. No Origin at all is refused: every browser sends one with a POST, and a script
 * that leaves it out is not a person using the portal.
 */
export function isForeignWrite(
  request: { method: string; headers: Headers },
  { publicOrigin, demo }: { publicOrigin: string; demo: boolean },
): boolean {
  if (SAFE_METHODS.includes(request.method.toUpperCase())) return false;
  const origin = request.headers.get('origin');
  if (!origin || origin === 'null') return true;
  if (origin === publicOrigin) return false;
  if (!demo) return true;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  const proto = request.headers.get('x-forwarded-proto') ?? 'http';
  return !host || origin !== `${proto}://${host}`;
}
