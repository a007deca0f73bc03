import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { contentSecurityPolicy } from './security-headers';
import { isSharedPageRequest, RENDER_AFRESH_HEADER, withoutNonces } from './shared-pages';

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
    const { body, scriptHashes } = await withoutNonces(html);
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
