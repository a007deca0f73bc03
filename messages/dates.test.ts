import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { IntlMessageFormat } from 'intl-messageformat';

/**
 * Dates inside messages, checked by rendering every message of the catalogue (so messages added
 * later are checked too) with a real formatted date in each date argument: the ICU date/time
 * arguments, and the plain arguments the code fills with a date it formatted itself (named
 * `date`, `time`, `until`, `…At`, …).
 */
const read = (locale: string) =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, `${locale}.json`), 'utf8')) as Record<string, unknown>;

function flatten(value: unknown, prefix = ''): [string, string][] {
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
    typeof child === 'string' ? [[prefix + key, child] as [string, string]] : flatten(child, `${prefix}${key}.`),
  );
}

const dateArgument = /^(date|time|from|until|end|since|deadline|due\w*|\w+At|\w+Date)$/;
const sampleDate = new Date('2035-10-06T10:00:00Z');
const marker = '\u0001';

type Element = { type: number; value?: string; options?: Record<string, { value: Element[] }> };

/** Renders a message with every date argument as the long date of `locale`, each date between markers. */
function render(locale: 'kk' | 'ru', message: string): string {
  const long = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Asia/Almaty' }).format(sampleDate);
  const values: Record<string, unknown> = {};
  const walk = (ast: Element[]) => {
    for (const el of ast) {
      // 1 = plain argument, 2 = number, 3 = date, 4 = time, 5 = select, 6 = plural.
      if (el.value && (el.type === 3 || el.type === 4 || (el.type === 1 && dateArgument.test(el.value))))
        values[el.value] = `${marker}${long}${marker}`;
      else if (el.value && el.type === 1) values[el.value] = 'X';
      else if (el.value && el.type !== 0) values[el.value] = el.type === 5 ? 'other' : 1;
      for (const option of Object.values(el.options ?? {})) walk(option.value);
    }
  };
  // ICU date arguments format the Date themselves: give them the marked string as a plain argument.
  const plain = message.replace(/\{(\w+), (date|time)(, \w+)?\}/g, '{$1}');
  walk(new IntlMessageFormat(plain, locale, undefined, { ignoreTag: true }).getAst() as Element[]);
  return String(new IntlMessageFormat(plain, locale, undefined, { ignoreTag: true }).format(values));
}

describe('[LANGUAGE] dates in messages', () => {
  test('[LANGUAGE] kk dates: no case ending after a nominative month', () => {
    // ICU gives Kazakh month names in the nominative only ("2035 ж. 6 қазан"): a sentence that
    // needs another case ("6 қазанға дейін", "6 қазанда жасалды") cannot be built after it. A date
    // stands where the nominative is right: at the end or before punctuation ("Мерзімі: {date}."),
    // or before "күн" in any case ("{date} күні", "{date} күнгі", "{date} күнін қоса алғанда").
    const wrong: string[] = [];
    for (const [key, message] of flatten(read('kk'))) {
      for (const rest of render('kk', message)
        .split(marker)
        .filter((_, i) => i % 2 === 0 && i > 0)) {
        const next = rest.trimStart().split(/\s+/)[0] ?? '';
        if (next === '' || /^[.,;:)(—–-]/.test(next) || next.startsWith('күн')) continue;
        wrong.push(`${key}: "${message}" (the date is followed by "${next}")`);
      }
    }
    assert.deepEqual(wrong, [], 'rephrase these as "label: {date}"');
  });

  test('[LANGUAGE] ru dates: no double period after "г."', () => {
    // "6 октября 2035 г." ends with the abbreviation's period, which also ends the sentence.
    const wrong = flatten(read('ru'))
      .filter(([, message]) => /г\.\./.test(render('ru', message).replaceAll(marker, '')))
      .map(([key, message]) => `${key}: "${message}"`);
    assert.deepEqual(wrong, []);
  });
});
