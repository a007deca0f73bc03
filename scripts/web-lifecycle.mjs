// Preloaded into the Next.js standalone server that `npm start` supervises (node --import).
//
// 1. Stopping drains. Next.js's own SIGTERM handling calls server.close() at once: the kernel then
//    refuses the connections still waiting to be accepted (a busy server accepts them late), and
//    Node drops accepted connections whose request it has not read yet. `npm start` turns that
//    handling off (NEXT_MANUAL_SIG_HANDLE) and this does it instead:
//    - the health check answers 503 at once, so a load balancer stops sending traffic;
//    - the server keeps accepting until no new connection has come for a moment since the stop (at
//      most a few seconds), so nothing already sent to it is refused, and answers with
//      "Connection: close"; the moment counts from the stop at the earliest, so a load balancer's
//      health check right after it is answered 503, not refused, however long ago the last
//      connection came;
//    - then it stops listening, and exits once no request has been in progress, nor a connection
//      taken waited for its request, for half a second.
// 2. Forwarded headers are believed only from our own reverse proxies (scripts/forwarded-headers.mjs).
// 3. If the supervising process disappears without stopping the server (kill -9, a crash), the
//    server stops too, instead of holding the port as an orphan.
// 3. A path that does not decode (`/api/%ZZ`) is answered 400 here. Next.js answers it with a bare
//    500 (it looks for a /400 page the App Router does not have); pages get a localized 400 from the
//    proxy (lib/input/edge.ts), but the proxy does not see /api, /_next or files.
import http from 'node:http';
import net from 'node:net';
import { applyTrustedProxy, trustedProxyHops } from './forwarded-headers.mjs';

const ACCEPT_QUIET_MS = 1_000;
const ACCEPT_LIMIT_MS = 5_000;
const REQUEST_QUIET_MS = 500;
const HARD_LIMIT_MS = 25_000;

let server = null;
let active = 0;
let stopping = false;
let lastConnectionAt = 0;
/** Connections accepted whose first request has not been read yet, with when they were accepted. */
const unread = new Map();
const proxyHops = trustedProxyHops(process.env.TRUSTED_PROXY_HOPS);

const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (...args) {
  if (!server) track(this);
  return listen.apply(this, args);
};

/**
 * The one server Next.js starts: count its requests, and answer the health check while stopping.
 * Next.js's request handler is attached when the server is created, before it listens: it is
 * wrapped here, so a stopping server's health check never reaches it.
 */
function track(instance) {
  server = instance;
  instance.on('connection', (socket) => {
    lastConnectionAt = Date.now();
    unread.set(socket, lastConnectionAt);
    socket.once('close', () => unread.delete(socket));
  });
  const handlers = instance.listeners('request');
  instance.removeAllListeners('request');
  instance.on('request', (request, response) => {
    applyTrustedProxy(request, proxyHops);
    unread.delete(request.socket);
    active++;
    response.once('close', () => active--);
    if (stopping) {
      response.setHeader('Connection', 'close');
      if (request.url === '/api/health') {
        response.writeHead(503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        response.end('{"status":"stopping"}');
        return;
      }
    }
    if (!pathDecodes(request.url ?? '/') && !SEEN_BY_PROXY.test(request.url ?? '/')) {
      response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      response.end('Bad Request: the address is not validly percent-encoded.\n');
      return;
    }
    for (const handler of handlers) handler.call(instance, request, response);
  });
}

// proxy.ts's matcher (pages, and Auth.js's endpoints): those paths get the proxy's localized page instead.
const SEEN_BY_PROXY = /^\/(?!api|_next|_vercel|[^?]*\.)|^\/api\/auth(?:[/?]|$)/;

function pathDecodes(url) {
  try {
    decodeURIComponent(url.split('?')[0]);
    return true;
  } catch {
    return false;
  }
}

function stop() {
  if (stopping) return;
  stopping = true;
  if (!server) process.exit(0);
  const startedAt = Date.now();
  lastConnectionAt = Math.max(lastConnectionAt, startedAt);
  let listening = true;
  let quietSince = Date.now();
  // Each decision is taken after the event loop's poll phase (setImmediate), not in the timer phase
  // before it: when the loop was held up longer than a quiet moment (a render on a loaded machine),
  // the connections waiting to be accepted and the requests waiting to be read are seen first.
  const check = () => {
    const now = Date.now();
    if (listening && (now - lastConnectionAt >= ACCEPT_QUIET_MS || now - startedAt >= ACCEPT_LIMIT_MS)) {
      // net.Server's close, not http.Server's: stop accepting without dropping connections taken.
      net.Server.prototype.close.call(server);
      listening = false;
    }
    // A connection taken whose request has not been read yet (its client slow to send it) is waited
    // for, as a request in progress is, for a few seconds at most.
    const unreadWaiting = [...unread.values()].some((acceptedAt) => now - acceptedAt < ACCEPT_LIMIT_MS);
    if (active > 0 || listening || unreadWaiting) quietSince = now;
    else if (now - quietSince >= REQUEST_QUIET_MS) {
      server.closeAllConnections();
      process.exit(0);
    }
  };
  setInterval(() => setImmediate(check), 50);
  setTimeout(() => process.exit(0), HARD_LIMIT_MS).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop();
}, 1000).unref();
