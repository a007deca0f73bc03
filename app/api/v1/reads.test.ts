import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { and, eq, inArray } from 'drizzle-orm';
import { closeDb } from '@/db';
import { auditEvents } from '@/db/schema/audit';
import { consents } from '@/db/schema/consents';
import { requests } from '@/db/schema/requests';
import { dataItems, subjects } from '@/db/schema/subjects';
import { createSeededTestDatabase, type TestDatabase } from '@/db/testing';
import { openApiDocument } from '@/lib/api/openapi';
import { operations } from '@/lib/api/operations';
import { PROBLEM_BASE } from '@/lib/api/problems';
import { call, externalId, makeToken } from '@/lib/api/testing';
import { applyEnv } from '@/lib/env';
import { GET as consentRecord } from './consents/[id]/record/route';
import { GET as openApi } from './openapi.json/route';
import { GET as privacyNotice } from './privacy-notice/route';
import { GET as getRequest } from './requests/[reference]/route';
import { GET as listRequests } from './requests/route';
import { GET as listItems } from './subjects/[externalId]/items/route';
import { PUT as putItem } from './subjects/[externalId]/items/[categoryCode]/route';
import { PUT as putSubject } from './subjects/[externalId]/route';

/**
 * [API] Issue 13, point 1: what a system reads. Blocked items are flagged without their value,
 * destroyed ones are tombstones (Art. 1(3), 1(6)); requests page by a cursor with a unique
 * tie-breaker; every read of a subject's data is a view in their activity (Art. 8-2); the consent
 * record and the notice are the portal's own documents; the OpenAPI document lists exactly the routes.
 */
let t: TestDatabase;
let token: string;
before(async () => {
  t = await createSeededTestDatabase();
  applyEnv({ DATABASE_URL: t.url });
  token = (await makeToken(t.db, ['subjects:read', 'subjects:write', 'requests:read', 'consents:read'])).token;
});
after(async () => {
  await closeDb();
  await t.drop();
});

const item = { source: 'subject', method: 'manual' };

describe('[API] reads', () => {
  test('[API] Art. 1(3), 1(6): items read back, blocked without value, destroyed as a tombstone; the read is a view', async () => {
    const id = externalId();
    await call(putSubject, 'PUT', '/x', { token, body: {}, params: { externalId: id } });
    const ids: Record<string, string> = {};
    for (const [category, value] of [
      ['email', 'read@example.kz'],
      ['phone', '+7 701 111 22 33'],
      ['education', 'Бакалавр'],
    ]) {
      const answer = await call(putItem, 'PUT', '/x', {
        token,
        body: { ...item, value },
        params: { externalId: id, categoryCode: category! },
      });
      ids[category!] = answer.body.itemId as string;
    }
    const now = new Date();
    await t.db.update(dataItems).set({ state: 'blocked', blockedAt: now }).where(eq(dataItems.id, ids.phone!));
    await t.db
      .update(dataItems)
      .set({ state: 'destroyed', value: null, destroyedAt: now })
      .where(eq(dataItems.id, ids.education!));
    const answer = await call(listItems, 'GET', '/x', { token, params: { externalId: id } });
    assert.equal(answer.status, 200);
    const byCode = Object.fromEntries(
      (answer.body.items as { categoryCode: string; state: string; value: string | null }[]).map((i) => [
        i.categoryCode,
        [i.state, i.value],
      ]),
    );
    assert.deepEqual(byCode, {
      email: ['active', 'read@example.kz'],
      phone: ['blocked', null],
      education: ['destroyed', null],
    });
    const [subject] = await t.db.select().from(subjects).where(eq(subjects.externalId, id));
    const views = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, subject!.id), eq(auditEvents.action, 'data_viewed')));
    assert.deepEqual(
      views.map((v) => v.actorRole),
      ['api'],
    );
    const missing = await call(listItems, 'GET', '/x', { token, params: { externalId: 'NOBODY' } });
    assert.deepEqual([missing.status, missing.body.type], [404, `${PROBLEM_BASE}not-found`]);
  });

  test('[API] requests page by (updated_at, id): rows sharing a timestamp are each seen once', async () => {
    const all = await t.db.select({ id: requests.id, reference: requests.reference }).from(requests);
    assert.ok(all.length >= 3, 'the demo has requests');
    // Every request changed at the same instant: only the id tells them apart.
    const at = new Date('2030-01-01T00:00:00.123456Z');
    await t.db
      .update(requests)
      .set({ updatedAt: at })
      .where(
        inArray(
          requests.id,
          all.map((r) => r.id),
        ),
      );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=2&updatedSince=2029-12-31T00:00:00Z${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await call(listRequests, 'GET', `/requests${query}`, { token });
      assert.equal(page.status, 200);
      seen.push(...(page.body.data as { reference: string }[]).map((r) => r.reference));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    assert.deepEqual(seen.sort(), all.map((r) => r.reference).sort());
    const bad = await call(listRequests, 'GET', '/requests?cursor=nonsense', { token });
    assert.deepEqual([bad.status, bad.body.type], [422, `${PROBLEM_BASE}validation`]);
    const filtered = await call(listRequests, 'GET', '/requests?type=DESTROY&limit=200', { token });
    assert.ok((filtered.body.data as { type: string }[]).every((r) => r.type === 'DESTROY'));
    const badType = await call(listRequests, 'GET', '/requests?type=NOPE', { token });
    assert.equal(badType.status, 422);
  });

  test('[API] a request by reference, with its items; an unknown one is 404', async () => {
    const [row] = await t.db.select({ reference: requests.reference }).from(requests).limit(1);
    const answer = await call(getRequest, 'GET', '/x', { token, params: { reference: row!.reference } });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.reference, row!.reference);
    assert.ok(Array.isArray(answer.body.items));
    const missing = await call(getRequest, 'GET', '/x', { token, params: { reference: '1999-000001' } });
    assert.equal(missing.status, 404);
  });

  test('[API] ISO/IEC TS 27560: a consent record, as the subject downloads it; the read is a view', async () => {
    const [consent] = await t.db.select({ id: consents.id, subjectId: consents.subjectId }).from(consents).limit(1);
    const answer = await call(consentRecord, 'GET', '/x', { token, params: { id: consent!.id } });
    assert.equal(answer.status, 200);
    assert.equal(answer.body['dct:conformsTo'], 'https://w3id.org/dpv/schema/dpv-27560#record');
    assert.ok((answer.body.events as unknown[]).length >= 1);
    const views = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, consent!.subjectId), eq(auditEvents.entityType, 'consent')));
    assert.ok(views.some((v) => v.actorRole === 'api'));
    const missing = await call(consentRecord, 'GET', '/x', {
      token,
      params: { id: '00000000-0000-4000-8000-000000000000' },
    });
    assert.equal(missing.status, 404);
  });

  test('[API] Art. 24-25: the privacy notice in force as DPV JSON-LD, open without a token', async () => {
    const answer = await call(privacyNotice, 'GET', '/privacy-notice?locale=en');
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('content-type'), 'application/ld+json');
    assert.equal(answer.body['@type'], 'dpv:PrivacyNotice');
    assert.match(answer.body['@id'] as string, /\/en\/privacy\/v\/\d+$/);
    const handling = answer.body['dpv:hasPersonalDataHandling'] as { 'dpv:hasLegalBasis': { '@id': string } }[];
    assert.ok(handling.some((h) => h['dpv:hasLegalBasis']['@id'] === 'dpv:Consent'));
  });
});

describe('[API] the OpenAPI document', () => {
  test('[API] every route file under app/api/v1 is an operation of the document, and every operation has its route', async () => {
    const root = path.join('app', 'api', 'v1');
    const routes: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(path.join(dir, entry.name));
        else if (entry.name === 'route.ts')
          routes.push(`/${path.relative(root, dir).split(path.sep).join('/')}`.replace(/\[(\w+)\]/g, '{$1}'));
      }
    };
    walk(root);
    assert.deepEqual([...new Set(operations.map((op) => op.path))].sort(), routes.sort());
  });

  test('[API] OpenAPI 3.1 with the bearer scheme, each operation its scope, problems and schemas', async () => {
    const answer = await call(openApi, 'GET', '/openapi.json');
    assert.equal(answer.status, 200);
    const doc = openApiDocument('http://localhost:3000') as unknown as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { security: Record<string, string[]>[]; responses: Record<string, unknown> }>
      >;
      components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
    };
    assert.equal(doc.openapi, '3.1.0');
    assert.deepEqual(Object.keys(doc.components.securitySchemes), ['bearer']);
    for (const op of operations) {
      const described = doc.paths[op.path]![op.method]!;
      assert.deepEqual(described.security, op.scope ? [{ bearer: [op.scope] }] : [], op.id);
      if (op.scope) assert.ok(described.responses['401'] && described.responses['403'], op.id);
    }
    assert.ok(doc.components.schemas.ItemWrite && doc.components.schemas.Problem);
  });
});
