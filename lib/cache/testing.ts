import assert from 'node:assert/strict';

/**
 * For the tests of caches dropped by NOTIFY: resolves once `check` holds, polling, since a
 * notification arrives when it arrives; fails with `what` after about five seconds.
 */
export async function eventually(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(what);
}
