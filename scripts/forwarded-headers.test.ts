import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, test } from 'node:test';
import { applyTrustedProxy, trustedProxyHops } from './forwarded-headers.mjs';

function request(peer: string, headers: Record<string, string>): IncomingMessage {
  return { socket: { remoteAddress: peer }, headers: { ...headers } } as unknown as IncomingMessage;
}

describe('[PROXY] forwarded headers are believed only from our own proxies', () => {
  test('with no trusted proxy, a client cannot choose its address or host', () => {
    const forged = request('203.0.113.9', {
      host: 'privacy.example.kz',
      'x-forwarded-for': '10.0.0.1',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
    });
    applyTrustedProxy(forged, 0);
    assert.equal(forged.headers['x-forwarded-for'], '203.0.113.9');
    assert.equal(forged.headers['x-forwarded-host'], undefined);
    assert.equal(forged.headers['x-forwarded-proto'], undefined);
    assert.equal(forged.headers.host, 'privacy.example.kz');
  });

  test('behind one proxy, the client is the address that proxy saw, whatever the client claimed before it', () => {
    // nginx with $proxy_add_x_forwarded_for appends the address it received from.
    const appended = request('127.0.0.1', { 'x-forwarded-for': '10.0.0.1, 198.51.100.7' });
    applyTrustedProxy(appended, 1);
    assert.equal(appended.headers['x-forwarded-for'], '198.51.100.7');
    // nginx with $remote_addr replaces it.
    const replaced = request('127.0.0.1', {
      'x-forwarded-for': '198.51.100.7',
      'x-forwarded-host': 'privacy.example.kz',
    });
    applyTrustedProxy(replaced, 1);
    assert.equal(replaced.headers['x-forwarded-for'], '198.51.100.7');
    assert.equal(replaced.headers['x-forwarded-host'], 'privacy.example.kz');
  });

  test('a request that reached the portal past the proxy counts its own peer as the client', () => {
    const direct = request('192.0.2.4', {});
    applyTrustedProxy(direct, 1);
    assert.equal(direct.headers['x-forwarded-for'], '192.0.2.4');
  });

  test('the setting is a small whole number, anything else means no trusted proxy', () => {
    assert.equal(trustedProxyHops('1'), 1);
    assert.equal(trustedProxyHops(undefined), 0);
    assert.equal(trustedProxyHops('yes'), 0);
  });
});
