import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { listSubjectActivity } from '@/db/queries/activity';
import { findMyDataReport } from '@/lib/my-data/report';
import { users } from '@/db/schema/auth';
import { auditEvents } from '@/db/schema/audit';
import { consentPurposes, consents } from '@/db/schema/consents';
import { purposes } from '@/db/schema/inventory';
import { outgoingEmails } from '@/db/schema/mail';
import { attachments, requestItems, requests } from '@/db/schema/requests';
import { dataItemPurposes, dataItems } from '@/db/schema/subjects';
import { createSeededTestDatabase, createSubjectWithItems, type TestDatabase } from '@/db/testing';
import { openForItem } from '@/lib/crypto/item-keys';
import { DomainError } from '@/lib/errors';
import { translatorFor } from '@/lib/i18n/translator';
import { fileSubjectRequest } from '@/lib/requests/subject-requests';
import type { SubjectRequestInput } from '@/lib/requests/subject-requests';
import type { Staff } from '@/lib/auth/authorize';
import { executeRequest, prepareExecution, refuseRequest } from './execute';
import { refusalTemplates } from './refusal-templates';
import { carryOutTasks } from '@/lib/tasks/testing';
import { takeRequest } from './work';

let t: TestDatabase;
let agent: Staff;
let other: Staff;
const refused = (code: string) => (error: unknown) => error instanceof DomainError && error.code === code;

before(async () => {
  t = await createSeededTestDatabase();
  const [a] = await t.db.select({ id: users.id }).from(users).where(eq(users.email, 'agent@dalabilim.kz'));
  const [d] = await t.db.select({ id: users.id }).from(users).where(eq(users.email, 'dpo@dalabilim.kz'));
  agent = { id: a!.id, role: 'agent' };
  other = { id: d!.id, role: 'dpo' };
});
after(() => t.drop());

async function person(locale: 'kk' | 'ru' | 'en' = 'ru') {
  const { subject, items } = await createSubjectWithItems(t.db, {
    locale,
    categories: ['full_name', 'email', 'phone', 'education'],
  });
  const code = async (itemId: string) => (await t.db.select().from(dataItems).where(eq(dataItems.id, itemId)))[0]!;
  return {
    subject,
    items,
    item: (c: string) => items.find((i) => i.value === `value of ${c}`) ?? items.find((i) => i.value?.includes('@'))!,
    code,
  };
}

async function file(
  subjectId: string,
  request: SubjectRequestInput,
  uploads = [] as Parameters<typeof fileSubjectRequest>[1]['uploads'],
) {
  return t.db.transaction((tx) =>
    fileSubjectRequest(tx, { subjectId, actor: { id: null, role: 'subject' }, request, uploads, idempotencyKey: null }),
  );
}
const version = async (id: string) =>
  (await t.db.select({ v: requests.version }).from(requests).where(eq(requests.id, id)))[0]!.v;
const execute = async (id: string, outcome: string | null = null, decision?: 'confirm' | 'reject' | 'uphold') =>
  t.db.transaction(async (tx) =>
    executeRequest(tx, agent, { requestId: id, version: await version(id), outcome, decision }),
  );
const pdf = {
  fileName: 'proof.pdf',
  contentType: 'application/pdf' as const,
  content: Buffer.from('%PDF-1.4 proof'),
  sha256: 'd'.repeat(64),
  byteSize: 14,
};

describe('[EXECUTE] PRODUCT.md: executing a request changes the data for real', () => {
  test('[RECTIFY] Art. 25(2)(8): the item takes the new value; the old one is kept only, sealed, in the audit event', async () => {
    const p = await person();
    const phone = p.item('phone');
    const filed = await file(p.subject.id, {
      type: 'RECTIFY',
      changes: [{ itemId: phone.id, value: '+7 700 111 22 33' }],
      supplement: null,
      description: null,
    });
    await execute(filed.id, 'Номер изменён.');
    assert.equal((await p.code(phone.id)).value, '+7 700 111 22 33');
    const [change] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, phone.id), eq(auditEvents.action, 'data_changed')));
    const sealed = (change!.details as { previousValue: string }).previousValue;
    assert.doesNotMatch(JSON.stringify(change), /value of phone/);
    assert.equal(await openForItem(t.db, phone.id, sealed), 'value of phone');
    const stateOf = async () => (await t.db.select().from(requests).where(eq(requests.id, filed.id)))[0]?.state;
    const executedMails = () =>
      t.db
        .select()
        .from(outgoingEmails)
        .where(and(eq(outgoingEmails.requestId, filed.id), eq(outgoingEmails.kind, 'request_executed')));
    // Art. 25(2)(8): the demo CRM holds the phone too; the subject is told when it has changed it.
    assert.equal(await stateOf(), 'EXECUTING');
    assert.equal((await executedMails()).length, 0);
    assert.equal(await carryOutTasks(t.db, filed.id), 1);
    assert.equal(await stateOf(), 'COMPLETED');
    const activity = await listSubjectActivity(t.db, p.subject.id);
    assert.ok(activity.some((e) => e.action === 'data_changed' && e.actorRole === 'agent'));
    const mails = await executedMails();
    assert.equal(mails[0]?.locale, 'ru');
  });

  test('[RECTIFY] Art. 24(1)(2): missing data is supplemented as a new item', async () => {
    const p = await person('en');
    const categoryId = (
      await t.db
        .select({ id: dataItems.categoryId })
        .from(dataItems)
        .where(eq(dataItems.id, p.item('phone').id))
    )[0]!.id;
    const filed = await file(p.subject.id, {
      type: 'RECTIFY',
      changes: [],
      supplement: { categoryId, value: '+7 701 555 00 11' },
      description: null,
    });
    await execute(filed.id);
    const items = await t.db.select().from(dataItems).where(eq(dataItems.subjectId, p.subject.id));
    assert.ok(items.some((i) => i.value === '+7 701 555 00 11'));
  });

  test('[DESTROY] Art. 1(6): the value, its documents, its proposed values and its sealed history are gone; a tombstone remains', async () => {
    const p = await person();
    const phone = p.item('phone');
    const rectify = await file(
      p.subject.id,
      {
        type: 'RECTIFY',
        changes: [{ itemId: phone.id, value: '+7 700 999 99 99' }],
        supplement: null,
        description: null,
      },
      [pdf],
    );
    await execute(rectify.id);
    const [change] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, phone.id), eq(auditEvents.action, 'data_changed')));
    const destroy = await file(p.subject.id, { type: 'DESTROY', itemIds: [phone.id], description: 'Больше не нужен.' });
    await execute(destroy.id, 'Уничтожено.');

    const item = await p.code(phone.id);
    assert.deepEqual([item.state, item.value], ['destroyed', null]);
    assert.ok(item.destroyedAt);
    const files = await t.db.select().from(attachments).where(eq(attachments.requestId, rectify.id));
    assert.ok(files.every((f) => f.content === null && f.erasedAt));
    const proposed = await t.db.select().from(requestItems).where(eq(requestItems.dataItemId, phone.id));
    assert.ok(proposed.every((r) => r.proposedValue === null));
    assert.equal(await openForItem(t.db, phone.id, (change!.details as { previousValue: string }).previousValue), null);
    const report = await findMyDataReport(t.db, p.subject.id);
    assert.doesNotMatch(JSON.stringify(report), /\+7 700 999 99 99|value of phone/);
    assert.ok(report!.categories.some((c) => c.items.some((i) => i.id === phone.id && i.state === 'destroyed')));
  });

  test('[BLOCK] Art. 24(1)(3), 25(2)(8): data is blocked at once, then unblocked when the violation is not confirmed', async () => {
    const p = await person();
    const email = p.item('email');
    const filed = await file(p.subject.id, {
      type: 'BLOCK',
      itemIds: [email.id],
      description: 'Передали рекламщикам.',
    });
    await execute(filed.id);
    assert.equal((await p.code(email.id)).state, 'blocked');
    assert.equal((await t.db.select().from(requests).where(eq(requests.id, filed.id)))[0]?.state, 'DATA_BLOCKED');
    await execute(filed.id, 'Нарушение не подтвердилось: данные никому не передавались.', 'reject');
    assert.equal((await p.code(email.id)).state, 'active');
    // The demo CRM holds the e-mail: it blocks, then unblocks its copy; then the request is completed.
    assert.equal((await t.db.select().from(requests).where(eq(requests.id, filed.id)))[0]?.state, 'EXECUTING');
    assert.equal(await carryOutTasks(t.db, filed.id), 2);
    assert.equal((await t.db.select().from(requests).where(eq(requests.id, filed.id)))[0]?.state, 'COMPLETED');
  });

  test('[BLOCK] a blocked item cannot be changed (Art. 1(3)), and nothing of the execution remains', async () => {
    const p = await person();
    const email = p.item('email');
    const phone = p.item('phone');
    const block = await file(p.subject.id, { type: 'BLOCK', itemIds: [email.id], description: 'x' });
    await execute(block.id);
    const rectify = await file(p.subject.id, {
      type: 'RECTIFY',
      changes: [
        { itemId: phone.id, value: '+7 700 000 00 01' },
        { itemId: email.id, value: 'new@example.kz' },
      ],
      supplement: null,
      description: null,
    });
    await assert.rejects(execute(rectify.id), refused('itemBlocked'));
    assert.equal((await p.code(phone.id)).value, 'value of phone', 'the first change was rolled back with the rest');
    assert.equal((await t.db.select().from(requests).where(eq(requests.id, rectify.id)))[0]?.state, 'REGISTERED');
  });

  test('[WITHDRAW] Art. 8(7): the consent is withdrawn and processing that relied only on it stops', async () => {
    const p = await person('en');
    const [newsletter] = await t.db.select().from(purposes).where(eq(purposes.code, 'newsletter'));
    const email = p.item('email');
    await t.db.insert(dataItemPurposes).values({ dataItemId: email.id, purposeId: newsletter!.id });
    const [consent] = await t.db
      .insert(consents)
      .values({
        subjectId: p.subject.id,
        operatorName: { kk: 'a', ru: 'a', en: 'a' },
        operatorBin: '180340012346',
        subjectName: 'x',
        validFrom: new Date(Date.now() - 1e6),
        thirdPartyTransfer: false,
        crossBorderTransfer: false,
        publicSources: false,
        channel: 'portal',
        evidenceText: 'x',
        evidenceSha256: 'e'.repeat(64),
        givenAt: new Date(Date.now() - 1e6),
      })
      .returning();
    await t.db.insert(consentPurposes).values({ consentId: consent!.id, purposeId: newsletter!.id });
    const filed = await file(p.subject.id, { type: 'WITHDRAW', consentId: consent!.id });
    await execute(filed.id);
    assert.equal((await t.db.select().from(consents).where(eq(consents.id, consent!.id)))[0]?.state, 'withdrawn');
    // The newsletter's policy is to destroy what only it used.
    assert.equal((await p.code(email.id)).state, 'destroyed');
  });

  test("[OBJECT_AUTO] Art. 19-1: upholding an objection stops the automated processing of the subject's data", async () => {
    const p = await person('en');
    const [matching] = await t.db.select().from(purposes).where(eq(purposes.code, 'career_matching'));
    const education = p.item('education');
    await t.db.insert(dataItemPurposes).values({ dataItemId: education.id, purposeId: matching!.id });
    const filed = await file(p.subject.id, { type: 'OBJECT_AUTO', purposeId: matching!.id, description: null });
    await assert.rejects(execute(filed.id, 'ok'), refused('invalid'));
    await execute(filed.id, 'Your data is no longer matched automatically.', 'uphold');
    const [link] = await t.db
      .select()
      .from(dataItemPurposes)
      .where(and(eq(dataItemPurposes.dataItemId, education.id), eq(dataItemPurposes.purposeId, matching!.id)));
    assert.ok(link?.endedAt);
  });

  test('[PUBLIC_REMOVE] Art. 6, 24(1)(6): publication of the named items stops, and the answer says what was removed', async () => {
    const p = await person('kk');
    const [showcase] = await t.db.select().from(purposes).where(eq(purposes.code, 'graduate_showcase'));
    const education = p.item('education');
    const name = p.item('full_name');
    await t.db.insert(dataItemPurposes).values([
      { dataItemId: education.id, purposeId: showcase!.id },
      { dataItemId: name.id, purposeId: showcase!.id },
    ]);
    const filed = await file(p.subject.id, {
      type: 'PUBLIC_REMOVE',
      itemIds: [education.id],
      description: 'dalabilim.kz/graduates',
    });
    await assert.rejects(execute(filed.id, null), refused('invalid'), 'the answer must say what was removed');
    await execute(filed.id, 'Removed from the "Our graduates" page.');
    const links = await t.db.select().from(dataItemPurposes).where(eq(dataItemPurposes.purposeId, showcase!.id));
    assert.ok(links.find((l) => l.dataItemId === education.id)?.endedAt, 'the named item is no longer published');
    assert.equal(links.find((l) => l.dataItemId === name.id)?.endedAt, null, 'an item not named is left as it was');
  });

  test("[ACCESS] Art. 24(1)(1): the statement PDF, in the subject's language, is attached to the answer", async () => {
    const p = await person('kk');
    const filed = await file(p.subject.id, { type: 'ACCESS', description: null });
    await execute(filed.id);
    const [statement] = await t.db.select().from(attachments).where(eq(attachments.requestId, filed.id));
    assert.equal(statement?.contentType, 'application/pdf');
    assert.equal(statement?.content?.subarray(0, 5).toString(), '%PDF-');
  });

  test('[ACCESS] the statement is rendered before the transaction, and attached only while the data it shows is unchanged', async () => {
    const p = await person('kk');
    const executeWith = (id: string, prepared: unknown) =>
      t.db.transaction(async (tx) =>
        executeRequest(tx, agent, { requestId: id, version: await version(id), outcome: null, prepared }),
      );
    const statementOf = async (id: string) =>
      (await t.db.select().from(attachments).where(eq(attachments.requestId, id)))[0]!.content!;
    const first = await file(p.subject.id, { type: 'ACCESS', description: null });
    const prepared = (await prepareExecution(t.db, agent, { requestId: first.id })) as { pdf: Buffer };
    await executeWith(first.id, prepared);
    assert.ok(Buffer.from(await statementOf(first.id)).equals(prepared.pdf));
    // The data changed between the rendering and the transaction: rendered again, inside it.
    const second = await file(p.subject.id, { type: 'ACCESS', description: null });
    const stale = (await prepareExecution(t.db, agent, { requestId: second.id })) as { pdf: Buffer };
    await t.db
      .update(dataItems)
      .set({ value: 'a new value' })
      .where(eq(dataItems.id, p.item('phone').id));
    await executeWith(second.id, stale);
    const statement = Buffer.from(await statementOf(second.id));
    assert.equal(statement.subarray(0, 5).toString(), '%PDF-');
    assert.ok(!statement.equals(stale.pdf));
    // A category's name changed (the operator's reference data, not the subject's rows): rendered again too.
    const third = await file(p.subject.id, { type: 'ACCESS', description: null });
    const before = (await prepareExecution(t.db, agent, { requestId: third.id })) as { pdf: Buffer };
    await t.db.execute(sql`
      update data_categories set name = jsonb_set(name, '{kk}', to_jsonb(name->>'kk' || ' (жаңа)'))
      where id = (select category_id from data_items where id = ${p.item('phone').id})`);
    await executeWith(third.id, before);
    assert.ok(!Buffer.from(await statementOf(third.id)).equals(before.pdf));
    // Another staff member's permission is checked before anything is rendered.
    await assert.rejects(
      prepareExecution(t.db, { id: agent.id, role: 'auditor' }, { requestId: second.id }),
      refused('forbidden'),
    );
    // The page's type is a hint only: an ACCESS sent as a RECTIFY prepares nothing, and the
    // transaction, which reads the type itself, renders and attaches the statement inside.
    const hinted = await file(p.subject.id, { type: 'ACCESS', description: null });
    assert.equal(await prepareExecution(t.db, agent, { requestId: hinted.id, type: 'RECTIFY' }), undefined);
    await executeWith(hinted.id, undefined);
    assert.equal(
      Buffer.from(await statementOf(hinted.id))
        .subarray(0, 5)
        .toString(),
      '%PDF-',
    );
    // Hinted as what it is, it is prepared as without the hint.
    const fourth = await file(p.subject.id, { type: 'ACCESS', description: null });
    const hintedRight = await prepareExecution(t.db, agent, { requestId: fourth.id, type: 'ACCESS' });
    assert.ok(Buffer.isBuffer((hintedRight as { pdf: Buffer }).pdf));
  });

  test('[EXECUTE] two staff executing the same request at once: exactly one succeeds, the other is told', async () => {
    const p = await person();
    const filed = await file(p.subject.id, {
      type: 'RECTIFY',
      changes: [{ itemId: p.item('phone').id, value: '+7 700 123 00 00' }],
      supplement: null,
      description: null,
    });
    const seen = await version(filed.id);
    const attempt = (staff: Staff) =>
      t.db.transaction((tx) => executeRequest(tx, staff, { requestId: filed.id, version: seen, outcome: null }));
    const results = await Promise.allSettled([attempt(agent), attempt(other)]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.ok(refused('stale')(failure.reason));
    const changes = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, p.item('phone').id), eq(auditEvents.action, 'data_changed')));
    assert.equal(changes.length, 1);
  });

  test('[EXECUTE] a taken request has moved on: acting on the old version is refused', async () => {
    const p = await person();
    const filed = await file(p.subject.id, { type: 'ACCESS', description: null });
    await t.db.transaction((tx) => takeRequest(tx, agent, { requestId: filed.id, version: 1 }));
    await assert.rejects(
      t.db.transaction((tx) => executeRequest(tx, other, { requestId: filed.id, version: 1, outcome: null })),
      refused('stale'),
    );
  });
});

describe('[REFUSAL] Art. 25(2)(7), 8(7): a reasoned refusal', () => {
  test('[REFUSAL] a refusal needs a reason, a legal basis and a text', async () => {
    const p = await person();
    const filed = await file(p.subject.id, { type: 'ACCESS', description: null });
    const refuse = (input: { reasonCode: string; legalBasis: string; text: string }) =>
      t.db.transaction(async (tx) =>
        refuseRequest(tx, agent, { requestId: filed.id, version: await version(filed.id), ...input }),
      );
    await assert.rejects(refuse({ reasonCode: 'nonsense', legalBasis: 'Art. 8(2)', text: 'x' }), refused('invalid'));
    await assert.rejects(refuse({ reasonCode: 'no_grounds', legalBasis: '', text: 'x' }), refused('invalid'));
    await assert.rejects(
      refuse({ reasonCode: 'no_grounds', legalBasis: 'Art. 24(1)', text: '  ' }),
      refused('invalid'),
    );
    // The "other" template sent as it is, its reason never written in: refused, in any language.
    for (const locale of ['kk', 'ru', 'en'] as const)
      await assert.rejects(
        refuse({
          reasonCode: 'other',
          legalBasis: refusalTemplates.other.legalBasis[locale],
          text: refusalTemplates.other.text[locale],
        }),
        refused('invalid'),
      );
  });

  test('[REFUSAL] the subject receives the refusal in their language, with the reason and its legal basis', async () => {
    const p = await person('kk');
    const filed = await file(p.subject.id, { type: 'DESTROY', itemIds: [p.item('phone').id], description: 'x' });
    await t.db.transaction(async (tx) =>
      refuseRequest(tx, agent, {
        requestId: filed.id,
        version: await version(filed.id),
        reasonCode: 'law_requires_processing',
        legalBasis: '94-V Заң, 12-бап 2-тармақ',
        text: 'Деректер заң бойынша сақталады.',
      }),
    );
    const [request] = await t.db.select().from(requests).where(eq(requests.id, filed.id));
    assert.equal(request?.state, 'REFUSED');
    const [mail] = await t.db
      .select()
      .from(outgoingEmails)
      .where(and(eq(outgoingEmails.requestId, filed.id), eq(outgoingEmails.kind, 'request_refused')));
    assert.equal(mail?.locale, 'kk');
    assert.ok(mail?.textBody.includes(translatorFor('kk')('requests.refusalReasons.law_requires_processing')));
    assert.ok(mail?.textBody.includes('94-V Заң, 12-бап 2-тармақ'));
    assert.ok(mail?.textBody.includes('Деректер заң бойынша сақталады.'));
  });

  test('[LANGUAGE] Art. 25(2)(7): refusing an ACCESS request is a reasoned answer, in the e-mail too', async () => {
    const words = {
      kk: { answer: /дәлелді жауап/, refusal: /уәжді бас тарту/ },
      ru: { answer: /мотивированный ответ/, refusal: /мотивированный отказ/ },
    };
    for (const locale of ['kk', 'ru'] as const) {
      const p = await person(locale);
      const access = await file(p.subject.id, { type: 'ACCESS', description: null });
      const destroy = await file(p.subject.id, { type: 'DESTROY', itemIds: [p.item('phone').id], description: 'x' });
      for (const filed of [access, destroy]) {
        await t.db.transaction(async (tx) =>
          refuseRequest(tx, agent, {
            requestId: filed.id,
            version: await version(filed.id),
            reasonCode: 'law_requires_processing',
            legalBasis: '94-V, 12(2)',
            text: 'x',
          }),
        );
      }
      const mail = async (requestId: string) => {
        const [row] = await t.db
          .select()
          .from(outgoingEmails)
          .where(and(eq(outgoingEmails.requestId, requestId), eq(outgoingEmails.kind, 'request_refused')));
        return `${row!.subject}\n${row!.textBody}`;
      };
      const toAccess = await mail(access.id);
      assert.match(toAccess, words[locale].answer);
      assert.doesNotMatch(toAccess, words[locale].refusal);
      assert.match(await mail(destroy.id), words[locale].refusal);
    }
  });
});
