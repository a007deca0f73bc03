import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { copyOfPage } from './page-copy';
import { renderCopy } from './floor/render-copy';

const page = `<!DOCTYPE html><html lang="kk"><head><title>Кезек</title><script>self.x=1</script></head><body class="flex">
<a href="#main" class="skip-link">Негізгі мазмұнға өту</a><main id="main"><!--$--><h1 class="text-2xl font-bold">Өтініштер &amp; кезек</h1>
<form method="get"><label for="q">Іздеу</label><input id="q" name="q" type="search" value="Айгерім" maxlength="100">
<input type="checkbox" name="overdue" value="1" checked><select name="type"><option value="">Кез келген</option></select>
<textarea name="note" readonly>мәтін</textarea></form>
<table class="data-table"><tbody><tr><td class="font-mono"><a href="/kk/admin/requests/1">2026-000001</a></td><td colspan="2">—</td></tr></tbody></table><!--/$--></main>
<script nonce="n">self.__next_f.push([1,"x"])</script></body></html>`;

test("[BENCH] the same-HTML yardstick: a page's copy renders the same elements, attributes and text, without its scripts", () => {
  const copy = copyOfPage(page);
  const rendered = renderToStaticMarkup(createElement('body', null, ...copy.map((node, i) => renderCopy(node, i))));
  // Copied again from what React rendered, the copy is unchanged: nothing lost, nothing renamed.
  assert.deepEqual(copyOfPage(`<html>${rendered}</html>`), copy);
  assert.match(rendered, /<td colspan="2">—<\/td>/i); // HTML's names are case-insensitive
  assert.ok(rendered.includes('Өтініштер &amp; кезек'));
  assert.match(rendered, /<input[^>]*name="q"[^>]*value="Айгерім"/);
  assert.match(rendered, /<input[^>]*type="checkbox"[^>]*checked=""/);
  assert.match(rendered, /<textarea name="note" readOnly="">мәтін<\/textarea>/);
  assert.doesNotMatch(rendered, /<script|__next_f|<title/);
});
