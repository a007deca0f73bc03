// Which X-Forwarded-* headers the portal believes (TRUSTED_PROXY_HOPS, lib/env.ts), applied to
// every request before Next.js sees it (scripts/web-lifecycle.mjs calls this).
//
// Next.js trusts X-Forwarded-Host when it checks a server action's Origin, and logs and audit
// events want the client's address: both must come from our own reverse proxy, never from the
// client. With no trusted proxy the headers are dropped (Next.js then fills them from the Host
// header and the socket); with N proxies the client is the address the outermost of them saw,
// and X-Forwarded-For is reduced to it.

const FORWARDED = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'forwarded'];

/** @param {import('node:http').IncomingMessage} request @param {number} hops */
export function applyTrustedProxy(request, hops) {
  const peer = request.socket.remoteAddress ?? '';
  if (hops === 0) {
    for (const name of FORWARDED) delete request.headers[name];
    request.headers['x-forwarded-for'] = peer;
    return;
  }
  const header = request.headers['x-forwarded-for'];
  const listed = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  // Each proxy appends the address it received from; the last `hops` entries (with the socket's
  // peer) are ours, the one before them is the client.
  const chain = [...listed, peer];
  request.headers['x-forwarded-for'] = chain[Math.max(0, chain.length - 1 - hops)];
}

/** The configured number of trusted proxies; anything unparsable counts as none. */
export function trustedProxyHops(value) {
  return /^[0-5]$/.test(value ?? '') ? Number(value) : 0;
}
