import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { requestStates, requestTypes } from '@/db/schema/requests';
import { defaultDeadlinePolicies } from '@/db/seed/reference';
import { translatorFor } from '@/lib/i18n/translator';
import { requestTypeTable, slugOf, typeOfSlug, whyNotOffered } from './index';

/**
 * The request-type table is where a type is described once: every type in it must be complete, so
 * that adding one (a file, its messages, its tests) cannot leave a page, a deadline or an execution
 * without what it needs.
 */
const locales = ['kk', 'ru', 'en'] as const;
const executionTests = readFileSync('lib/backoffice/execute.test.ts', 'utf8');

describe('[TYPES] PRODUCT.md: every request type is described once, completely', () => {
  test('[TYPES] the table holds exactly the request types of the schema, each under its own name and slug', () => {
    assert.deepEqual(Object.keys(requestTypeTable), [...requestTypes]);
    for (const type of requestTypes) {
      assert.equal(requestTypeTable[type].type, type);
      assert.equal(typeOfSlug(slugOf(type)), type);
    }
    assert.equal(new Set(requestTypes.map(slugOf)).size, requestTypes.length, 'slugs are unique');
  });

  for (const type of requestTypes) {
    const definition = requestTypeTable[type];

    test(`[${type}] has its words in kk, ru and en: name, form, fields, execute panel`, () => {
      for (const locale of locales) {
        const t = translatorFor(locale);
        const has = (key: string) => {
          const text = t(key as never);
          assert.ok(text && text !== key && !text.includes('MISSING'), `${locale}: ${key}`);
        };
        has(`requestType.${type}`);
        for (const part of ['title', 'help', 'will']) has(`requests.types.${type}.${part}`);
        for (const field of definition.fields) {
          if (field.kind === 'text') {
            has(`requests.form.${field.label}`);
            if (field.help) has(`requests.form.${field.help}`);
          }
        }
        for (const state of requestStates) {
          const panel = definition.panel(state);
          has(`backoffice.request.executeHelp.${panel.help}`);
          for (const button of panel.buttons) has(`backoffice.request.${button.label}`);
        }
      }
    });

    test(`[${type}] ${definition.articles}: has its deadline policy`, () => {
      assert.ok(defaultDeadlinePolicies.some((policy) => policy.code === definition.deadline));
    });

    test(`[${type}] has an execution test`, () => {
      assert.match(
        executionTests,
        new RegExp(`test\\(\\s*['"\`]\\[${type}\\]`),
        `lib/backoffice/execute.test.ts tests [${type}]`,
      );
    });
  }
});

describe('[ACCESS] Art. 24(1)(1): someone the operator holds nothing about is offered what makes sense, never a dead end', () => {
  const nothing = { items: 0, withdrawableConsents: 0, automatedPurposes: 0 };
  test("[ACCESS] the operator's formal answer is always offered; nothing that needs data held is", () => {
    assert.equal(whyNotOffered('ACCESS', nothing), null);
    for (const type of ['RECTIFY', 'BLOCK', 'DESTROY', 'PUBLIC_REMOVE'] as const)
      assert.equal(whyNotOffered(type, nothing), 'noData', type);
    assert.equal(whyNotOffered('WITHDRAW', nothing), 'noConsents');
    assert.equal(whyNotOffered('OBJECT_AUTO', nothing), 'noAutomated');
  });

  test('[WITHDRAW] Art. 8: a consent given is still withdrawn when no data is held', () => {
    assert.equal(whyNotOffered('WITHDRAW', { ...nothing, withdrawableConsents: 1 }), null);
  });

  test('[TYPES] while data is held, every type is offered (each form says what it lacks)', () => {
    for (const type of requestTypes) assert.equal(whyNotOffered(type, { ...nothing, items: 3 }), null, type);
  });

  test('[TYPES] each reason a type is not offered has its words in kk, ru and en', () => {
    for (const locale of locales)
      for (const reason of ['noData', 'noConsents', 'noAutomated']) {
        const text = translatorFor(locale)(`requests.form.${reason}` as never);
        assert.ok(text && !text.includes('requests.form') && !text.includes('MISSING'), `${locale}: ${reason}`);
      }
  });
});
