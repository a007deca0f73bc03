import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { users } from '@/db/schema/auth';
import { consentRecords, consents } from '@/db/schema/consents';
import { purposes } from '@/db/schema/inventory';
import { requests } from '@/db/schema/requests';
import { subjects } from '@/db/schema/subjects';
import { createSeededTestDatabase, type TestDatabase } from '@/db/testing';
import { systemActor } from '@/lib/audit/record';
import { executeRequest } from '@/lib/backoffice/execute';
import { renderConsentRecordPdf } from '@/lib/pdf/consent';
import { fileSubjectRequest } from '@/lib/requests/subject-requests';
import { runRetention } from '@/lib/retention/run';
import { consentRecordJsonLd, DPV_27560_RECORD } from './jsonld';
import { givePublicationConsent, refusePublicationConsent } from './public-sources';
import {
  canonicalJson,
  consentRecordHash,
  listConsentRecords,
  recordConsentEvent,
  type ConsentContent,
} from './records';

let t: TestDatabase;
before(async () => {
  t = await createSeededTestDatabase();
});
after(() => t.drop());

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const subjectByEmail = async (email: string) =>
  (await t.db.select().from(subjects).where(eq(subjects.email, email)))[0]!;

/** A database error whose message (drizzle wraps it: the cause's) matches. */
const refusedWith = (pattern: RegExp) => (error: unknown) => {
  const e = error as { message?: string; cause?: { message?: string } };
  return pattern.test(`${e.message ?? ''} ${e.cause?.message ?? ''}`);
};

async function pdfText(pdf: Buffer): Promise<string> {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= document.numPages; i++) {
    const content = await (await document.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return pages.join('\n');
}

describe('[CONSENT] consent records (ISO/IEC TS 27560, Art. 8(4), 25(2)(5))', () => {
  test('[CONSENT] Art. 8(4): the record holds every item and its hash covers all of them', async () => {
    const records = await t.db.select().from(consentRecords).orderBy(asc(consentRecords.seq));
    const seededConsents = await t.db.select().from(consents);
    // Every seeded consent has its 'given' record.
    for (const consent of seededConsents)
      assert.ok(
        records.some((r) => r.consentId === consent.id && r.event === 'given'),
        `consent ${consent.id} has a record`,
      );

    for (const record of records) {
      const c = record.content as ConsentContent;
      const consent = seededConsents.find((x) => x.id === record.consentId)!;
      // (1)-(8), each as the consent says.
      assert.equal(c.operator.bin, consent.operatorBin);
      assert.deepEqual(c.operator.name, consent.operatorName);
      assert.equal(c.subjectName, consent.subjectName);
      assert.equal(c.term.validFrom, consent.validFrom.toISOString());
      assert.equal(c.term.validUntil, consent.validUntil?.toISOString() ?? null);
      assert.equal(c.thirdPartyTransfer.yes, consent.thirdPartyTransfer);
      assert.equal(c.thirdPartyTransfer.yes, c.thirdPartyTransfer.recipients.length > 0);
      assert.equal(c.crossBorderTransfer.yes, consent.crossBorderTransfer);
      assert.equal(c.crossBorderTransfer.yes, c.crossBorderTransfer.countries.length > 0);
      assert.equal(c.publicSources, consent.publicSources);
      assert.ok(c.dataCategories.length > 0);
      assert.ok('otherTerms' in c);
      assert.ok(c.purposes.length > 0);
      assert.ok(record.noticeVersion);
      // The stored hash is the hash of all of it, and the consent's own evidence covers the same content.
      assert.equal(record.sha256, consentRecordHash(record));
      assert.equal(consent.evidenceSha256, sha256(canonicalJson(record.content)));
    }

    // Changing any one item, or the event's circumstances, changes the hash.
    const record = records[0]!;
    const c = record.content as ConsentContent;
    const variants: ConsentContent[] = [
      { ...c, operator: { ...c.operator, bin: '000000000000' } },
      { ...c, subjectName: `${c.subjectName} ` },
      { ...c, term: { ...c.term, validUntil: '2099-01-01T00:00:00.000Z' } },
      { ...c, thirdPartyTransfer: { ...c.thirdPartyTransfer, yes: !c.thirdPartyTransfer.yes } },
      { ...c, crossBorderTransfer: { ...c.crossBorderTransfer, yes: !c.crossBorderTransfer.yes } },
      { ...c, publicSources: !c.publicSources },
      { ...c, dataCategories: c.dataCategories.slice(1) },
      { ...c, otherTerms: { kk: 'x', ru: 'x', en: 'x' } },
      { ...c, purposes: [] },
    ];
    for (const content of variants) assert.notEqual(consentRecordHash({ ...record, content }), record.sha256);
    assert.notEqual(consentRecordHash({ ...record, noticeVersion: '2' }), record.sha256);
    assert.notEqual(consentRecordHash({ ...record, channel: 'email' }), record.sha256);
    assert.notEqual(consentRecordHash({ ...record, at: new Date(record.at.getTime() + 1) }), record.sha256);

    // Each subject's records form one chain.
    for (const subjectId of new Set(records.map((r) => r.subjectId))) {
      const chain = records.filter((r) => r.subjectId === subjectId);
      assert.equal(chain[0]!.prevSha256, null);
      for (let i = 1; i < chain.length; i++) assert.equal(chain[i]!.prevSha256, chain[i - 1]!.sha256);
    }
  });

  test('[CONSENT] Art. 22(1)(5): consent records are append-only', async () => {
    const [record] = await t.db.select().from(consentRecords).limit(1);
    // Even the owner: the trigger refuses.
    await assert.rejects(
      t.db.execute(sql`update consent_records set notice_version = 'forged' where id = ${record!.id}`),
      refusedWith(/append-only/),
    );
    await assert.rejects(
      t.db.execute(sql`delete from consent_records where id = ${record!.id}`),
      refusedWith(/append-only/),
    );
    await assert.rejects(t.db.execute(sql`truncate consent_records`), refusedWith(/append-only/));
    // The application role is not even granted UPDATE or DELETE.
    const app = postgres(t.appUrl, { max: 1, onnotice: () => {} });
    try {
      await assert.rejects(
        app`update consent_records set notice_version = 'forged' where id = ${record!.id}`,
        refusedWith(/permission denied/),
      );
      await assert.rejects(app`delete from consent_records where id = ${record!.id}`, refusedWith(/permission denied/));
    } finally {
      await app.end();
    }
    const [after] = await t.db.select().from(consentRecords).where(eq(consentRecords.id, record!.id));
    assert.deepEqual(after, record);
  });

  test('[CONSENT] ISO/IEC TS 27560: the JSON-LD record has the mandatory fields', async () => {
    const dmitry = await subjectByEmail('dmitry@example.kz');
    const [consent] = await t.db
      .select()
      .from(consents)
      .where(and(eq(consents.subjectId, dmitry.id), eq(consents.state, 'active')))
      .limit(1);
    // A withdrawal adds to the history; the given state stays.
    await t.db.transaction(async (tx) => {
      await tx
        .update(consents)
        .set({ state: 'withdrawn', withdrawnAt: new Date() })
        .where(eq(consents.id, consent!.id));
      await recordConsentEvent(tx, { consentId: consent!.id, event: 'withdrawn', actor: systemActor });
    });
    const history = await listConsentRecords(t.db, dmitry.id, consent!.id);
    assert.deepEqual(
      history.map((r) => r.event),
      ['given', 'withdrawn'],
    );
    const doc = consentRecordJsonLd(history, { origin: 'https://privacy.example.kz', locale: 'ru' }) as Record<
      string,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      any
    >;
    assert.equal(doc['dct:conformsTo'], DPV_27560_RECORD);
    for (const field of ['schema_version', 'record_id', 'pii_principal_id']) assert.ok(doc[field], field);
    assert.equal(doc.pii_principal_id, `urn:uuid:${dmitry.id}`);
    assert.ok(!String(doc.pii_principal_id).includes(dmitry.fullName!), 'the identifier is not the name');
    const p = doc.processing;
    for (const field of [
      'privacy_notice',
      'language',
      'purposes',
      'pii_information',
      'pii_controllers',
      'storage_locations',
      'retention_period',
      'jurisdiction',
      'recipient_third_parties',
      'withdrawal_method',
    ])
      assert.ok(field in p && p[field] !== null && p[field] !== undefined, `processing.${field}`);
    assert.ok(p.purposes.every((x: { purpose: string }) => x.purpose));
    assert.ok(p.pii_information.every((x: { pii_type: string }) => x.pii_type));
    assert.ok('kz:public_sources' in p && 'kz:other_terms' in p);
    for (const party of doc.parties)
      for (const field of ['party_id', 'party_name', 'party_address', 'party_contact', 'party_type'])
        assert.ok(field in party, `parties[].${field}`);
    assert.equal(doc.parties[0].party_id, `urn:kz:bin:${consent!.operatorBin}`);
    assert.equal(doc.events.length, 2);
    for (const event of doc.events)
      for (const field of ['event_time', 'validity_duration', 'entity_id', 'event_type', 'event_state'])
        assert.ok(field in event, `events[].${field}`);
    assert.deepEqual(
      doc.events.map((e: { event_state: string }) => e.event_state),
      ['given', 'withdrawn'],
    );
    // Anyone can recompute each event's hash from what the document holds.
    for (const event of doc.events) {
      const evidence = event['kz:evidence'];
      assert.equal(sha256(canonicalJson(evidence.hashed)), evidence.sha256);
    }
  });

  test('[CONSENT] Art. 24(1)(6): giving and refusing the publication consent are both recorded', async () => {
    const aigul = await subjectByEmail('aigul@example.kz');
    const [publishing] = await t.db.select().from(purposes).where(eq(purposes.publishes, true)).limit(1);
    assert.ok(publishing, 'the demo has a purpose that publishes');
    const actor = { id: null, role: 'subject' as const };
    await t.db.transaction((tx) =>
      refusePublicationConsent(tx, { subjectId: aigul.id, purposeId: publishing.id, actor, locale: 'kk' }),
    );
    const consentId = await t.db.transaction((tx) =>
      givePublicationConsent(tx, { subjectId: aigul.id, purposeId: publishing.id, actor, locale: 'kk' }),
    );
    const mine = await t.db
      .select()
      .from(consentRecords)
      .where(eq(consentRecords.subjectId, aigul.id))
      .orderBy(asc(consentRecords.seq));
    const [refused, given] = mine.slice(-2);
    assert.equal(refused!.event, 'publication_refused');
    assert.equal(refused!.consentId, null);
    assert.equal((refused!.content as ConsentContent).publicSources, true);
    assert.equal(given!.event, 'publication_given');
    assert.equal(given!.consentId, consentId);
    assert.equal(given!.locale, 'kk');
    assert.equal((given!.content as ConsentContent).publicSources, true);
    assert.equal(given!.prevSha256, refused!.sha256);
  });

  test('[WITHDRAW] Art. 8(7): executing a WITHDRAW appends the withdrawn record in the same transaction', async () => {
    const aigul = await subjectByEmail('aigul@example.kz');
    const [consent] = await t.db
      .select()
      .from(consents)
      .where(and(eq(consents.subjectId, aigul.id), eq(consents.state, 'active'), isNull(consents.withdrawalLock)))
      .orderBy(asc(consents.givenAt))
      .limit(1);
    const [agent] = await t.db.select({ id: users.id }).from(users).where(eq(users.email, 'agent@dalabilim.kz'));
    const filed = await t.db.transaction((tx) =>
      fileSubjectRequest(tx, {
        subjectId: aigul.id,
        actor: { id: null, role: 'subject' },
        request: { type: 'WITHDRAW', consentId: consent!.id },
        uploads: [],
        idempotencyKey: null,
      }),
    );
    const { version } = (await t.db.select().from(requests).where(eq(requests.id, filed.id)))[0]!;
    await t.db.transaction((tx) =>
      executeRequest(tx, { id: agent!.id, role: 'agent' }, { requestId: filed.id, version, outcome: null }),
    );
    const history = await listConsentRecords(t.db, aigul.id, consent!.id);
    assert.deepEqual(
      history.map((r) => [r.event, r.actorRole]),
      [
        ['given', 'system'],
        ['withdrawn', 'agent'],
      ],
    );
    assert.equal(history[1]!.sha256, consentRecordHash(history[1]!));
  });

  test('[CONSENT] Art. 8(5): a consent past its term expires with an expired record', async () => {
    const daniel = await subjectByEmail('daniel@example.com');
    const [consent] = await t.db.select().from(consents).where(eq(consents.subjectId, daniel.id)).limit(1);
    await t.db
      .update(consents)
      .set({ validUntil: new Date(consent!.validFrom.getTime() + 1000) })
      .where(eq(consents.id, consent!.id));
    await runRetention(t.db);
    const history = await listConsentRecords(t.db, daniel.id, consent!.id);
    assert.equal(history.at(-1)!.event, 'expired');
  });

  test('[CONSENT] the receipt of a record renders in Kazakh, with the history', async () => {
    const dmitry = await subjectByEmail('dmitry@example.kz');
    const [withdrawn] = await t.db
      .select()
      .from(consents)
      .where(and(eq(consents.subjectId, dmitry.id), eq(consents.state, 'withdrawn')));
    const history = await listConsentRecords(t.db, dmitry.id, withdrawn!.id);
    const pdf = await renderConsentRecordPdf(history[0]!, history, 'kk');
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const text = await pdfText(pdf);
    for (const value of [
      'Келісім туралы түбіртек',
      'Келісім берілді',
      'Келісім кері қайтарып алынды',
      history[1]!.sha256,
    ])
      assert.ok(text.includes(value), value);
    assert.ok(text.includes((history[0]!.content as ConsentContent).subjectName));
  });
});
