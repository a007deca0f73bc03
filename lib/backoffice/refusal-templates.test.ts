import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { locales } from '@/db/schema/subjects';
import { isTemplateUnfinished, refusalReasonCodes, refusalTemplates } from './refusal-templates';

describe('[REFUSAL] Art. 25(2)(7), 8(7): every refusal reason comes with a text to adapt', () => {
  test('[REFUSAL] every template, "other" included, fills the legal basis and the text in kk, ru and en', () => {
    for (const code of refusalReasonCodes)
      for (const locale of locales) {
        assert.ok(refusalTemplates[code].legalBasis[locale].trim(), `${code} ${locale}: legal basis`);
        assert.ok(refusalTemplates[code].text[locale].trim().length > 40, `${code} ${locale}: text`);
      }
  });

  test('[REFUSAL] the "other" template marks the reason staff must write in; the finished templates carry no mark', () => {
    for (const locale of locales) {
      const text = refusalTemplates.other.text[locale];
      assert.equal(isTemplateUnfinished(text), true, locale);
      // Written in: the mark between the brackets replaced by the reason.
      assert.equal(isTemplateUnfinished(text.replace(/\[[^\]]+\]/, 'the contract was ended')), false, locale);
    }
    for (const code of refusalReasonCodes.filter((c) => c !== 'other'))
      for (const locale of locales) assert.equal(isTemplateUnfinished(refusalTemplates[code].text[locale]), false);
  });
});
