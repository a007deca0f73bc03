import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { IntlMessageFormat } from 'intl-messageformat';

const read = (locale: string) =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, `${locale}.json`), 'utf8')) as Record<string, unknown>;
const catalogs = { kk: read('kk'), ru: read('ru'), en: read('en') };

function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (typeof child === 'string') out.set(prefix + key, child);
    else for (const [k, v] of flatten(child, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}
const flat = Object.fromEntries(Object.entries(catalogs).map(([l, c]) => [l, flatten(c)])) as Record<
  keyof typeof catalogs,
  Map<string, string>
>;

/** The argument names a message uses, e.g. {days} and {dueAt, date, long} → days, dueAt. */
function argumentsOf(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: unknown[]) => {
    for (const el of elements as { type: number; value?: string; options?: Record<string, { value: unknown[] }> }[]) {
      if (el.type !== 0 && el.type !== 7 && el.value) names.add(el.value);
      for (const option of Object.values(el.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(message, 'en').getAst());
  return [...names].sort();
}

describe('[I18N] messages/{kk,ru,en}.json', () => {
  test('[I18N] the three files have exactly the same keys', () => {
    for (const locale of ['kk', 'ru'] as const) {
      assert.deepEqual(
        [...flat[locale].keys()].sort(),
        [...flat.en.keys()].sort(),
        `${locale}.json differs from en.json`,
      );
    }
  });

  test('[I18N] every message parses as ICU and uses the same arguments as in English', () => {
    for (const locale of ['kk', 'ru'] as const) {
      for (const [key, message] of flat[locale]) {
        assert.deepEqual(argumentsOf(message), argumentsOf(flat.en.get(key)!), `${locale}: ${key}`);
      }
    }
  });

  test('[I18N] Russian plurals have the one, few and many forms', () => {
    for (const [key, message] of flat.ru) {
      if (!message.includes('plural,')) continue;
      for (const form of ['one {', 'few {', 'many {']) assert.ok(message.includes(form), `ru: ${key} lacks ${form}`);
    }
  });

  test('[I18N] nothing is left untranslated in the Kazakh and Russian files', () => {
    // The same in every language: the product's and languages' names, and values with no words
    // outside their placeholders ("{name}, {country}", "{date, date, long}", "—").
    const sameEverywhere = /^(Derbes|English|Русский|Қазақша|%s · Derbes)$/;
    const wordless = (message: string) => !/\p{L}/u.test(message.replace(/\{[^{}]*\}/g, ''));
    for (const locale of ['kk', 'ru'] as const) {
      for (const [key, message] of flat[locale]) {
        if (sameEverywhere.test(message) || wordless(message)) continue;
        assert.match(message, /[\u0400-\u04FF]/, `${locale}: ${key} has no Cyrillic letter: "${message}"`);
      }
    }
  });

  test('[I18N] glossary: the Kazakh texts say "дербес деректер", never "жеке деректер"', () => {
    for (const [key, message] of flat.kk) assert.doesNotMatch(message.toLowerCase(), /жеке деректер/, key);
  });
});
