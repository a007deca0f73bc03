import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { createSeededTestDatabase } from '@/db/testing';
import { startProcessCaches, stopProcessCaches } from '@/lib/cache/process';
import { applyEnv, resetEnv } from '@/lib/env';
import { contentSecurityPolicy } from './security-headers';
import { isSharedPageRequest, RENDER_AFRESH_HEADER, sharedPage, withoutNonces } from './shared-pages';

const SESSION = ['authjs.session-token', '__Secure-authjs.session-token'];

function request(path: string, { method = 'GET', headers = {}, cookies = [] as string[] } = {}) {
  const url = new URL(path, 'http://portal.test');
  return {
    method,
    headers: new Headers(headers),
    nextUrl: { pathname: url.pathname, search: url.search },
    cookies: { has: (name: string) => cookies.includes(name) },
  };
}

describe('[CSP] the pages shared by every visitor not signed in', () => {
  test('[CSP] only a plain GET or HEAD of the home or sign-in page, without a session or a query, gets the copy', () => {
    for (const path of ['/kk', '/ru/sign-in', '/en'])
      for (const method of ['GET', 'HEAD']) assert.ok(isSharedPageRequest(request(path, { method }), SESSION), path);
    const refused = [
      request('/kk', { cookies: ['authjs.session-token'] }),
      request('/kk', { cookies: ['__Secure-authjs.session-token'] }),
      request('/en/sign-in?next=%2Fen%2Fme'),
      request('/en/sign-in?error=Verification'),
      request('/kk', { method: 'POST' }),
      request('/kk', { headers: { rsc: '1' } }),
      request('/kk', { headers: { 'next-router-prefetch': '1' } }),
      request('/kk', { headers: { 'next-action': 'abc' } }),
      request('/kk', { headers: { [RENDER_AFRESH_HEADER]: '1' } }),
      request('/kk/me'),
      request('/kk/privacy'),
      request('/kk/sign-in/check-email'),
      request('/de'),
    ];
    for (const one of refused) assert.equal(isSharedPageRequest(one, SESSION), false, JSON.stringify(one));
  });

  test('[CSP] the copy carries no nonce, and its policy allows exactly its inline scripts by hash', async () => {
    const html =
      '<html><head><link rel="stylesheet" href="/_next/a.css" nonce="abc+/="/>' +
      '<script src="/_next/static/chunks/1.js" async="" nonce="abc+/="></script></head><body>' +
      '<script nonce="abc+/=">(self.__next_f=self.__next_f||[]).push([0])</script>' +
      '<script nonce="abc+/=" id="_R_">self.__next_f.push([1,"x"])</script></body></html>';
    const { body, scriptHashes } = withoutNonces(html);
    assert.equal(body.includes('nonce='), false);
    assert.ok(body.includes('<script src="/_next/static/chunks/1.js" async=""></script>'));
    const sha = (text: string) => `sha256-${createHash('sha256').update(text).digest('base64')}`;
    assert.deepEqual(scriptHashes, [
      sha('(self.__next_f=self.__next_f||[]).push([0])'),
      sha('self.__next_f.push([1,"x"])'),
    ]);

    const policy = contentSecurityPolicy({ hashes: scriptHashes });
    assert.match(policy, new RegExp(`script-src 'self' '${scriptHashes[0]!.replace(/[+/]/g, '\\$&')}' '`));
    const scripts = policy.split('; ').find((directive) => directive.startsWith('script-src'))!;
    for (const weaker of ["'unsafe-inline'", "'unsafe-eval'", "'nonce-", 'strict-dynamic'])
      assert.equal(scripts.includes(weaker), false, weaker);
  });
});

test('[CSP] the copy is made once for the visitors arriving together, again when what it shows changes, and not at all while making it fails', async () => {
  const t = await createSeededTestDatabase();
  // This server as the proxy reaches it: a real HTTP server answering the page's renders, counted.
  let renders = 0;
  let failing = false;
  const server = createServer((request, response) => {
    renders += 1;
    assert.equal(request.headers[RENDER_AFRESH_HEADER], '1');
    response.writeHead(failing ? 500 : 200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<html><body><script nonce="n">self.render=${renders}</script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const before = { PORT: process.env.PORT, HOST: process.env.HOST };
  applyEnv({ PORT: String((server.address() as AddressInfo).port), HOST: '127.0.0.1' });
  try {
    // Without the process's copies of what the page shows, no copy either.
    assert.equal(await sharedPage('/kk'), null);
    assert.equal(renders, 0);
    // Both listening (a LISTEN coming up drops what its cache held, and so the page's copy).
    const caches = startProcessCaches(t.db);
    await Promise.all([caches.operatorProfile.ready, caches.deadlines.ready]);

    const together = await Promise.all([sharedPage('/kk'), sharedPage('/kk'), sharedPage('/kk')]);
    assert.equal(renders, 1);
    assert.ok(together.every((copy) => copy === together[0]));
    assert.ok(together[0]!.body.includes('self.render=1') && !together[0]!.body.includes('nonce'));
    assert.equal(await sharedPage('/kk'), together[0]);
    assert.equal(renders, 1);

    // The operator's profile changed (the writer's process drops its copy): the page renders again.
    caches.operatorProfile.invalidate();
    assert.ok((await sharedPage('/kk'))!.body.includes('self.render=2'));
    assert.equal(renders, 2);

    // The render fails: the visitor's request renders as usual, and the next ones do too for a
    // while, without asking this server twice for each.
    failing = true;
    caches.deadlines.invalidate();
    assert.equal(await sharedPage('/kk'), null);
    assert.equal(await sharedPage('/kk'), null);
    assert.equal(renders, 3);
  } finally {
    for (const [name, value] of Object.entries(before))
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    resetEnv();
    await stopProcessCaches();
    server.close();
    await t.drop();
  }
});
