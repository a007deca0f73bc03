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

  test("[GLOSSARY] Art. 1, 24, 25: the Law's terms in kk and ru", () => {
    // Glossary: ../shared/reference/kz-personal-data-law.md §4. Each line: a form the Law does not
    // use, and what it says instead. Checked over every message, so new ones are held to it too.
    const forbidden: Record<'kk' | 'ru' | 'en', [RegExp, string][]> = {
      kk: [
        [/жеке деректер/i, '«дербес деректер» (Art. 1(2)); «жеке деректер» reads as «private data»'],
        [/(?<!дербес )деректер субъект/i, '«дербес деректер субъектісі» (Art. 1(16))'],
        [/жұмысқа ал/i, '«қарауға алу»: «жұмысқа алу» means «to hire»'],
        [/уәкілетті оператор/i, '«құзыретті оператор»: «уәкілетті» is the authorized body (Art. 1(11-1))'],
        [/меншік иесі\s*\/\s*оператор/i, '«меншік иесі және (немесе) оператор»'],
        [/тегін таныс/i, '«өтеусіз танысу» (Art. 25(2)(9))'],
      ],
      ru: [
        [/субъект\p{L}* данных/iu, '«субъект персональных данных» (Art. 1(16))'],
        [/личн\p{L}+ данн/iu, '«персональные данные» (Art. 1(2))'],
        [/уполномоченн\p{L}* оператор/iu, '«компетентный оператор»: «уполномоченный» is the authorized body'],
        [/собственник\s*\/\s*оператор/i, '«собственник и (или) оператор»'],
        [/бесплатн\p{L}* ознаком|ознаком[^.]*бесплатн/iu, '«безвозмездно ознакомиться» (Art. 25(2)(9))'],
        [/как дано/i, '«способ предоставления»'],
      ],
      en: [[/\bDPO\b|data protection officer|person responsible for processing/i, 'the Art. 25(3) name of the role']],
    };
    const wrong: string[] = [];
    for (const locale of ['kk', 'ru', 'en'] as const) {
      for (const [key, message] of flat[locale]) {
        for (const [pattern, instead] of forbidden[locale]) {
          if (pattern.test(message)) wrong.push(`${locale}: ${key}: "${message}" — say ${instead}`);
        }
      }
    }
    assert.deepEqual(wrong, []);

    // Where a message cites the article, it uses the article's own words.
    const cited: [RegExp, Record<'kk' | 'ru', RegExp>, string][] = [
      [/25-баптың 2-тармағының 9\)|25\(2\)\(9\)/, { kk: /өтеусіз/, ru: /безвозмездн/ }, 'Art. 25(2)(9)'],
      [
        /25-баптың 2-тармағының 7\)|25\(2\)\(7\)/,
        { kk: /дәлелді жауап/, ru: /мотивированн\p{L}* ответ/u },
        'Art. 25(2)(7)',
      ],
      [/8-баптың 7-тармағ|8\(7\)/, { kk: /уәжді бас тарт/, ru: /мотивированн\p{L}* отказ/u }, 'Art. 8(7)'],
    ];
    for (const locale of ['kk', 'ru'] as const) {
      for (const [key, message] of flat[locale]) {
        for (const [citation, words, article] of cited) {
          if (citation.test(message)) assert.match(message, words[locale], `${locale}: ${key} cites ${article}`);
        }
      }
    }

    // The dpo role by its statutory name (Art. 25(3)).
    assert.equal(flat.kk.get('roles.dpo'), 'дербес деректерді өңдеуді ұйымдастыруға жауапты тұлға');
    assert.equal(flat.ru.get('roles.dpo'), 'лицо, ответственное за организацию обработки персональных данных');
    assert.equal(flat.en.get('roles.dpo'), 'person responsible for organizing the processing of personal data');
  });
});
