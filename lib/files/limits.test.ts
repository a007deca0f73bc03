import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_FILE_BYTES, MAX_FILES, MAX_REQUEST_BYTES } from './limits';

// Next.js reads '52mb' as 52 × 1024 × 1024 bytes (the `bytes` package).
const bytes = (size: unknown) => {
  const match = /^(\d+)mb$/i.exec(String(size));
  return match ? Number(match[1]) * 1024 * 1024 : NaN;
};

test('[UPLOAD] the proxy, the server actions and the forms agree on the largest body', async () => {
  // next.config.mjs is JavaScript (no types): read as Next.js reads it.
  const nextConfig = (await import(String('../../next.config.mjs'))) as {
    default: { experimental?: Record<string, unknown> };
  };
  const experimental = nextConfig.default.experimental ?? {};
  const serverActions = experimental.serverActions as { bodySizeLimit?: string } | undefined;
  assert.equal(bytes(serverActions?.bodySizeLimit), MAX_REQUEST_BYTES);
  assert.equal(bytes(experimental.proxyClientMaxBodySize), MAX_REQUEST_BYTES);
  // Five files of the largest size and their form fit.
  assert.ok(MAX_FILES * MAX_FILE_BYTES + 1024 * 1024 <= MAX_REQUEST_BYTES);
});
