import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { locales } from '@/db/schema/subjects';
import { translatorFor } from '@/lib/i18n/translator';
import { describeActivity } from './describe';

const phone = { kk: 'Телефон нөмірлері', ru: 'Номера телефонов', en: 'Phone numbers' };
const email = { kk: 'Электрондық пошта', ru: 'Электронная почта', en: 'E-mail' };

describe('[ACTIVITY] Art. 8-2: an activity entry in words', () => {
  test('[ACTIVITY] an entry names the categories it concerns in my language, as a list', () => {
    const entry = { action: 'data_blocked' as const, actorRole: 'agent' as const, categories: [phone, email] };
    assert.equal(describeActivity(translatorFor('en'), entry, 'en').data, 'Data: Phone numbers and E-mail');
    assert.equal(
      describeActivity(translatorFor('ru'), entry, 'ru').data,
      'Данные: Номера телефонов и Электронная почта',
    );
    assert.match(
      describeActivity(translatorFor('kk'), entry, 'kk').data!,
      /^Деректер: Телефон нөмірлері.+Электрондық пошта$/,
    );
    assert.equal(describeActivity(translatorFor('en'), { ...entry, categories: [] }, 'en').data, null);
  });

  test('[ACTIVITY] a request moved to WITHDRAWN reads as a cancellation, another update as an update', () => {
    for (const locale of locales) {
      const t = translatorFor(locale);
      const cancelled = describeActivity(
        t,
        { action: 'request_updated', actorRole: 'subject', details: { from: 'REGISTERED', to: 'WITHDRAWN' } },
        locale,
      );
      assert.equal(cancelled.action, t('activity.requestCancelled'));
      assert.notEqual(cancelled.action, t('activity.actions.request_updated'));
      const updated = describeActivity(
        t,
        { action: 'request_updated', actorRole: 'agent', details: { from: 'REGISTERED', to: 'IN_PROGRESS' } },
        locale,
      );
      assert.equal(updated.action, t('activity.actions.request_updated'));
    }
    assert.equal(
      describeActivity(
        translatorFor('en'),
        { action: 'request_updated', actorRole: 'subject', details: { to: 'WITHDRAWN' } },
        'en',
      ).action,
      'A request was cancelled',
    );
  });
});
