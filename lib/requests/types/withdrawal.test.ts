import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq, inArray } from 'drizzle-orm';
import { listSubjectConsents, listUpheldObjections } from '@/db/queries/consents';
import { users } from '@/db/schema/auth';
import { consentPurposes, consents } from '@/db/schema/consents';
import { art9Points, purposes } from '@/db/schema/inventory';
import { letters } from '@/db/schema/letters';
import { outgoingEmails } from '@/db/schema/mail';
import { requestEvents, requestItems, requests } from '@/db/schema/requests';
import { dataItemPurposes, dataItems, subjects } from '@/db/schema/subjects';
import { createSeededTestDatabase, createSubjectWithItems, type TestDatabase } from '@/db/testing';
import type { Staff } from '@/lib/auth/authorize';
import { executeRequest } from '@/lib/backoffice/execute';
import { postStaffMessage } from '@/lib/backoffice/work';
import { translatorFor } from '@/lib/i18n/translator';
import { describeLegalBasis } from '@/lib/my-data/describe';
import { findMyDataReport } from '@/lib/my-data/report';
import { postSubjectMessage } from '@/lib/requests/subject-actions';
import { carryOutTasks } from '@/lib/tasks/testing';
import { fileSubjectRequest, type SubjectRequestInput } from '@/lib/requests/subject-requests';
import type { Decision } from './definition';

/**
 * Issue 11, points 1, 2 and 7: the Law's grounds, withdrawal that really stops processing (or a
 * reasoned refusal), and a destroyed value that leaves no trace.
 */
let t: TestDatabase;
let agent: Staff;

before(async () => {
  t = await createSeededTestDatabase();
  const [a] = await t.db.select({ id: users.id }).from(users).where(eq(users.email, 'agent@dalabilim.kz'));
  agent = { id: a!.id, role: 'agent' };
});
after(() => t.drop());

async function person(locale: 'kk' | 'ru' | 'en' = 'en') {
  const { subject, items } = await createSubjectWithItems(t.db, {
    locale,
    categories: ['full_name', 'email', 'phone', 'education', 'iin'],
  });
  const item = (code: string) =>
    items.find((i) => i.value === `value of ${code}`) ?? items.find((i) => i.value?.includes('@'))!;
  return { subject, item };
}
const purpose = async (code: string) => (await t.db.select().from(purposes).where(eq(purposes.code, code)))[0]!;
const itemState = async (id: string) => (await t.db.select().from(dataItems).where(eq(dataItems.id, id)))[0]!;
const requestRow = async (id: string) => (await t.db.select().from(requests).where(eq(requests.id, id)))[0]!;

async function serve(itemIds: string[], purposeId: string) {
  await t.db.insert(dataItemPurposes).values(itemIds.map((dataItemId) => ({ dataItemId, purposeId })));
}
async function consentTo(
  subjectId: string,
  purposeIds: string[],
  lock: { withdrawalLock: 'law' | 'obligation'; reason: string } | null = null,
) {
  const [consent] = await t.db
    .insert(consents)
    .values({
      subjectId,
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
      withdrawalLock: lock?.withdrawalLock ?? null,
      withdrawalLockReason: lock ? { kk: lock.reason, ru: lock.reason, en: lock.reason } : null,
    })
    .returning();
  await t.db.insert(consentPurposes).values(purposeIds.map((purposeId) => ({ consentId: consent!.id, purposeId })));
  return consent!;
}
async function file(subjectId: string, request: SubjectRequestInput) {
  return t.db.transaction((tx) =>
    fileSubjectRequest(tx, {
      subjectId,
      actor: { id: null, role: 'subject' },
      request,
      uploads: [],
      idempotencyKey: null,
    }),
  );
}
const execute = async (id: string, outcome: string | null = null, decision?: Decision) =>
  t.db.transaction(async (tx) => {
    const [row] = await tx.select({ v: requests.version }).from(requests).where(eq(requests.id, id));
    await executeRequest(tx, agent, { requestId: id, version: row!.v, outcome, decision });
  });

describe("[GROUNDS] Art. 7(1), 7(5), 9: a purpose's basis is one of the Law's grounds", () => {
  test("[GROUNDS] Art. 9: a purpose's basis is one of the Law's grounds, an Art. 9 case by its sub-point", async () => {
    const rows = await t.db.select().from(purposes);
    for (const p of rows) {
      assert.ok(['consent', 'published', 'art9'].includes(p.legalBasis), p.code);
      assert.equal(p.legalBasis === 'art9', p.art9Point !== null, p.code);
    }
    const base = {
      name: { kk: 'x', ru: 'x', en: 'x' },
      description: { kk: 'x', ru: 'x', en: 'x' },
      retentionKind: 'until_purpose_achieved' as const,
      retentionDescription: { kk: 'x', ru: 'x', en: 'x' },
      legalBasisCitation: { kk: 'x', ru: 'x', en: 'x' },
    };
    // A contract is not a ground; nor is an Art. 9 case without its sub-point, or a sub-point without Art. 9.
    for (const wrong of [
      { legalBasis: 'contract' as never, art9Point: null },
      { legalBasis: 'art9' as const, art9Point: null },
      { legalBasis: 'consent' as const, art9Point: '10' as const },
    ]) {
      await assert.rejects(
        t.db.insert(purposes).values({ ...base, ...wrong, code: `wrong-${Math.random()}` }),
        (error: Error) =>
          /purposes_legal_basis_of_the_law|purposes_art9_point_with_art9/.test(String(error.cause ?? error)),
      );
    }
  });

  test('[GROUNDS] Art. 9: every sub-point is named in kk, ru and en, with the sub-point', () => {
    for (const locale of ['kk', 'ru', 'en'] as const) {
      const t9 = translatorFor(locale);
      for (const point of art9Points) {
        const text = describeLegalBasis(t9, locale, { legalBasis: 'art9', art9Point: point, legalBasisCitation: null });
        assert.ok(text.includes(`${point})`) || text.includes(`(${point})`), `${locale} ${point}: ${text}`);
        assert.doesNotMatch(text, /art9Points|legalBasis\./, `${locale} ${point}`);
      }
      const published = describeLegalBasis(t9, locale, {
        legalBasis: 'published',
        art9Point: null,
        legalBasisCitation: null,
      });
      assert.match(published, /7/);
    }
  });
});

describe('[WITHDRAW] Art. 8(7): withdrawal stops the processing that rests on the consent, or is refused with reasons', () => {
  test('[WITHDRAW] Art. 8(7): processing on every purpose of the consent stops', async () => {
    const p = await person('en');
    const newsletter = await purpose('newsletter');
    const training = await purpose('training_contract');
    const email = p.item('email');
    const phone = p.item('phone');
    await serve([email.id], newsletter.id);
    await serve([phone.id], training.id);
    const consent = await consentTo(p.subject.id, [newsletter.id, training.id]);
    const filed = await file(p.subject.id, { type: 'WITHDRAW', consentId: consent.id });
    await execute(filed.id);
    // Art. 25(2)(8): the demo CRM holds the e-mail and the phone; done when it has done it too.
    assert.equal((await requestRow(filed.id)).state, 'EXECUTING');
    assert.equal(await carryOutTasks(t.db, filed.id), 2, 'the CRM destroys the e-mail and blocks the phone');

    const request = await requestRow(filed.id);
    assert.equal(request.state, 'COMPLETED');
    assert.match(request.outcome ?? '', /News about new courses/);
    assert.match(request.outcome ?? '', /Training under the contract/);
    const links = await t.db
      .select()
      .from(dataItemPurposes)
      .where(inArray(dataItemPurposes.dataItemId, [email.id, phone.id]));
    assert.ok(
      links.every((l) => l.endedAt),
      'no purpose of the consent goes on',
    );
    // Each purpose's policy: the newsletter destroys, the training contract blocks.
    assert.equal((await itemState(email.id)).state, 'destroyed');
    assert.equal((await itemState(phone.id)).state, 'blocked');

    const [shown] = (await listSubjectConsents(t.db, p.subject.id)).filter((c) => c.id === consent.id);
    assert.equal(shown?.state, 'withdrawn');
    assert.ok(shown?.withdrawnAt);
    const report = await findMyDataReport(t.db, p.subject.id);
    const phoneReport = report!.categories.flatMap((c) => c.items).find((i) => i.id === phone.id)!;
    assert.ok(
      phoneReport.purposes.every((x) => x.endedAt && x.consentWithdrawnAt),
      'My data shows the purpose stopped',
    );
  });

  test('[WITHDRAW] Art. 8(7), 9: an item another ground still needs is kept, and the answer names the purpose and its ground', async () => {
    const p = await person('en');
    const newsletter = await purpose('newsletter');
    const certificates = await purpose('certificates');
    const name = p.item('full_name');
    await serve([name.id], newsletter.id);
    await serve([name.id], certificates.id);
    const consent = await consentTo(p.subject.id, [newsletter.id]);
    const filed = await file(p.subject.id, { type: 'WITHDRAW', consentId: consent.id });
    await execute(filed.id);
    assert.equal((await itemState(name.id)).state, 'active', 'the certificate register still needs the name');
    const outcome = (await requestRow(filed.id)).outcome ?? '';
    assert.match(outcome, /kept/);
    assert.match(outcome, /Issuing certificates/);
    assert.match(outcome, /Art\. 9\(10\)/);
  });

  test('[WITHDRAW] Art. 7(1): a purpose another active consent still covers goes on', async () => {
    const p = await person('en');
    const newsletter = await purpose('newsletter');
    const email = p.item('email');
    await serve([email.id], newsletter.id);
    const first = await consentTo(p.subject.id, [newsletter.id]);
    await consentTo(p.subject.id, [newsletter.id]);
    await execute((await file(p.subject.id, { type: 'WITHDRAW', consentId: first.id })).id);
    assert.equal((await itemState(email.id)).state, 'active');
  });

  test('[WITHDRAW] Art. 8(2): an unfulfilled obligation gives a reasoned refusal', async () => {
    const p = await person('ru');
    const training = await purpose('training_contract');
    const phone = p.item('phone');
    await serve([phone.id], training.id);
    const consent = await consentTo(p.subject.id, [training.id]);
    const filed = await file(p.subject.id, { type: 'WITHDRAW', consentId: consent.id });
    // The lock arises after filing: the course fee falls due before the request is executed.
    await t.db
      .update(consents)
      .set({
        withdrawalLock: 'obligation',
        withdrawalLockReason: { kk: 'төлем', ru: 'Вторая часть оплаты не внесена.', en: 'fee' },
      })
      .where(eq(consents.id, consent.id));
    await execute(filed.id);
    const request = await requestRow(filed.id);
    assert.equal(request.state, 'REFUSED', 'never "completed" while the obligation is unfulfilled');
    assert.equal(request.refusalReasonCode, 'unfulfilled_obligation');
    assert.match(request.refusalLegalBasis ?? '', /ст\. 8 п\. 2/);
    assert.match(request.refusalText ?? '', /Вторая часть оплаты не внесена/);
    assert.equal((await t.db.select().from(consents).where(eq(consents.id, consent.id)))[0]?.state, 'active');
    assert.equal((await itemState(phone.id)).state, 'active');
  });
});

describe('[PUBLIC_REMOVE] [OBJECT_AUTO] the consents page and My data reflect the result', () => {
  test('[PUBLIC_REMOVE] Art. 6, 24(1)(6): the publication consent ends and the publishing purpose stops', async () => {
    const p = await person('kk');
    const showcase = await purpose('graduate_showcase');
    const education = p.item('education');
    await serve([education.id], showcase.id);
    // The certificate register keeps the item, so My data still lists it with the stopped purpose.
    await serve([education.id], (await purpose('certificates')).id);
    const consent = await consentTo(p.subject.id, [showcase.id]);
    const filed = await file(p.subject.id, {
      type: 'PUBLIC_REMOVE',
      itemIds: [education.id],
      description: 'dalabilim.kz/graduates',
    });
    await execute(filed.id, '«Біздің түлектер» бетінен алынып тасталды.');
    const [shown] = (await listSubjectConsents(t.db, p.subject.id)).filter((c) => c.id === consent.id);
    assert.equal(shown?.state, 'withdrawn');
    const report = await findMyDataReport(t.db, p.subject.id);
    const published = report!.categories.flatMap((c) => c.items).find((i) => i.id === education.id);
    assert.ok(published?.purposes.find((x) => x.id === showcase.id)?.endedAt);
  });

  test('[OBJECT_AUTO] Art. 19-1: an upheld objection is kept and shown on My data and the consents page', async () => {
    const p = await person('en');
    const matching = await purpose('career_matching');
    const education = p.item('education');
    await serve([education.id], matching.id);
    const filed = await file(p.subject.id, { type: 'OBJECT_AUTO', purposeId: matching.id, description: null });
    await execute(filed.id, 'Your data is no longer matched automatically.', 'uphold');
    const objections = await listUpheldObjections(t.db, p.subject.id);
    assert.deepEqual(
      objections.map((o) => o.purposeId),
      [matching.id],
    );
    const report = await findMyDataReport(t.db, p.subject.id);
    const item = report!.categories.flatMap((c) => c.items).find((i) => i.id === education.id);
    const shown = item?.purposes.find((x) => x.id === matching.id);
    assert.ok(shown?.objectionUpheldAt && shown.endedAt);
  });
});

describe('[DESTROY] Art. 1(6): a destroyed value leaves no trace', () => {
  test("[DESTROY] Art. 1(6): the destroyed value is gone from the subject's own words, the messages and unsent e-mails", async () => {
    const p = await person('en');
    const phone = p.item('phone');
    await t.db.update(dataItems).set({ value: '+7 701 555 12 34' }).where(eq(dataItems.id, phone.id));
    const destroy = await file(p.subject.id, {
      type: 'DESTROY',
      itemIds: [phone.id],
      description: 'Please destroy my number +7 701 555 12 34, I no longer use it (my new one is 87015551299).',
    });
    await t.db.transaction((tx) =>
      postSubjectMessage(tx, {
        subjectId: p.subject.id,
        requestId: destroy.id,
        body: 'Again: 8-701-555-12-34.',
        uploads: [],
        actor: { id: null, role: 'subject' },
      }),
    );
    await t.db.transaction((tx) =>
      postStaffMessage(tx, agent, { requestId: destroy.id, body: 'We will destroy +77015551234 today.' }),
    );
    const pendingBefore = await t.db
      .select()
      .from(outgoingEmails)
      .where(and(eq(outgoingEmails.subjectId, p.subject.id), eq(outgoingEmails.state, 'pending')));
    assert.ok(
      pendingBefore.some((e) => e.textBody.includes('+77015551234')),
      'the staff message was e-mailed',
    );

    await execute(destroy.id);

    const request = await requestRow(destroy.id);
    assert.equal(
      request.description,
      'Please destroy my number [destroyed], I no longer use it (my new one is 87015551299).',
      'another number is left as it was',
    );
    const bodies = await t.db.select().from(requestEvents).where(eq(requestEvents.requestId, destroy.id));
    const pending = await t.db.select().from(outgoingEmails).where(eq(outgoingEmails.subjectId, p.subject.id));
    const proposed = await t.db.select().from(requestItems).where(eq(requestItems.requestId, destroy.id));
    const everything = JSON.stringify({ request, bodies, pending, proposed });
    assert.doesNotMatch(everything.replace(/87015551299/g, ''), /555[\s\-]*12[\s\-]*34|5551234/);
    assert.match(JSON.stringify(bodies), /Again: \[destroyed\]\./);
    const report = await findMyDataReport(t.db, p.subject.id);
    const tombstone = report!.categories.flatMap((c) => c.items).find((i) => i.id === phone.id)!;
    assert.equal(tombstone.state, 'destroyed');
    assert.deepEqual(tombstone.purposes, [], 'a destroyed item is not shown with purposes');
    assert.equal(report!.itemCount, 4, 'a destroyed item is not counted as held');
  });

  test('[DESTROY] Art. 1(6): the copies of e-mails already sent and of letters keep no destroyed value', async () => {
    const p = await person('kk');
    const phone = p.item('phone');
    await t.db.update(dataItems).set({ value: '+7 702 444 33 22' }).where(eq(dataItems.id, phone.id));
    const destroy = await file(p.subject.id, {
      type: 'DESTROY',
      itemIds: [phone.id],
      description: 'I no longer use this number.',
    });
    // An e-mail that quoted the number has gone out; its copy is kept in the outbox.
    await t.db.transaction((tx) =>
      postStaffMessage(tx, agent, { requestId: destroy.id, body: 'Your number 87024443322 will be destroyed.' }),
    );
    await t.db
      .update(outgoingEmails)
      .set({ state: 'sent', sentAt: new Date() })
      .where(eq(outgoingEmails.subjectId, p.subject.id));
    // Then the subject has no e-mail any more: the next notice quoting it is a letter.
    await t.db
      .update(subjects)
      .set({ email: null, postalAddress: 'Астана, Мәңгілік Ел даңғылы, 1' })
      .where(eq(subjects.id, p.subject.id));
    await t.db.transaction((tx) =>
      postStaffMessage(tx, agent, { requestId: destroy.id, body: 'Again about +7 (702) 444-33-22.' }),
    );
    const letterBefore = await t.db.select().from(letters).where(eq(letters.subjectId, p.subject.id));
    assert.ok(
      letterBefore.some((l) => l.body.includes('444-33-22')),
      'the message became a letter',
    );

    await execute(destroy.id);

    const emails = await t.db.select().from(outgoingEmails).where(eq(outgoingEmails.subjectId, p.subject.id));
    const kept = await t.db.select().from(letters).where(eq(letters.subjectId, p.subject.id));
    assert.ok(emails.some((e) => e.state === 'sent'));
    assert.doesNotMatch(JSON.stringify({ emails, kept }), /444[\s\-]*33[\s\-]*22|4443322/);
    assert.match(JSON.stringify(kept), /\[жойылды\]/);
  });

  test('[RECTIFY] Art. 25(2)(8): what cannot be corrected is destroyed', async () => {
    const p = await person('ru');
    const phone = p.item('phone');
    const filed = await file(p.subject.id, {
      type: 'RECTIFY',
      changes: [{ itemId: phone.id, value: '+7 700 123 45 67' }],
      supplement: null,
      description: null,
    });
    await execute(filed.id, null, 'destroy');
    const item = await itemState(phone.id);
    assert.deepEqual([item.state, item.value], ['destroyed', null]);
    // The demo CRM holds the phone: it destroys its copy too, then the request is completed.
    assert.equal((await requestRow(filed.id)).state, 'EXECUTING');
    assert.equal(await carryOutTasks(t.db, filed.id), 1);
    assert.equal((await requestRow(filed.id)).state, 'COMPLETED');
  });
});
