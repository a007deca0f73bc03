import { randomUUID } from 'node:crypto';
import type { APIRequestContext, Browser } from '@playwright/test';
import { eq, max } from 'drizzle-orm';
import { auditEvents } from '@/db/schema/audit';
import { consentRecords, consents } from '@/db/schema/consents';
import { dataCategories, purposes } from '@/db/schema/inventory';
import { attachments, requests, requestTypes } from '@/db/schema/requests';
import { dataItems } from '@/db/schema/subjects';
import { createSubject, db, expect, giveIin, type locales, signInAsSubject } from './fixtures';
import { actionNamed, callAction, marker, pdfFile, type Field } from './security';

/**
 * The subject's pages and the world they are opened on: subject A, the owner, with a request, its
 * documents and a consent; subject B, the prober, with a request of their own and one filed as A's
 * representative. The IDOR spec (security-idor.spec.ts) sends A's ids to every route as B, and the
 * accessibility sweep (accessibility.spec.ts) opens B's own pages. A new route under (subject)
 * fails the IDOR spec until it is here.
 */
export type SubjectWorld = Awaited<ReturnType<typeof createSubjectWorld>>;

/** A GET and what it must answer: a page of B's own (200) or "not found" (404); in every language unless said. */
export type RouteProbe = { path: string; status: 200 | 404; languages?: readonly (typeof locales)[number][] };

/** For each subject route, the requests that try A's ids on it (or, without ids, that show only B's data). */
export const routeProbes: Record<string, (w: SubjectWorld) => RouteProbe[]> = {
  '/me': () => [{ path: '/me', status: 200 }],
  '/me/activity': (w) => [
    { path: '/me/activity', status: 200 },
    // The "older" link's cursor, set just past A's newest entry: still only B's activity.
    { path: `/me/activity?before=${w.owner.lastAuditId + 1}`, status: 200 },
    // The same with the filter to the operator's actions: entries name categories and link requests, B's only.
    { path: `/me/activity?by=operator&before=${w.owner.lastAuditId + 1}`, status: 200 },
    { path: '/me/activity?by=operator', status: 200 },
  ],
  '/me/account': () => [{ path: '/me/account', status: 200 }],
  '/me/consents': () => [{ path: '/me/consents', status: 200 }],
  '/me/consents/[id]/receipt': (w) => [
    { path: `/me/consents/${w.owner.consent.id}/receipt`, status: 404 },
    // A's consent record, as JSON-LD or as the receipt of one past state; A's record id as a consent id.
    { path: `/me/consents/${w.owner.consent.id}/receipt?format=jsonld`, status: 404 },
    { path: `/me/consents/${w.owner.consent.id}/receipt?record=${w.owner.consentRecord.id}`, status: 404 },
    { path: `/me/consents/${w.owner.consentRecord.id}/receipt?format=jsonld`, status: 404 },
  ],
  '/me/export/[format]': () => [
    { path: '/me/export/json', status: 200 },
    { path: '/me/export/csv', status: 200 },
    { path: '/me/export/xlsx', status: 200 },
    // The statement holds what the JSON holds, from the same query; reading a PDF's text is slow.
    { path: '/me/export/pdf', status: 200, languages: ['en'] },
  ],
  '/me/requests': () => [{ path: '/me/requests', status: 200 }],
  // All my requests with their timelines and messages: the route takes no id, so only B's.
  '/me/requests/export/[format]': () =>
    ['json', 'xlsx', 'csv'].map((format) => ({ path: `/me/requests/export/${format}`, status: 200 as const })),
  '/me/requests/[id]/export/[format]': (w) => [
    { path: `/me/requests/${w.prober.request.id}/export/json`, status: 200 },
    ...['json', 'xlsx', 'csv'].map((format) => ({
      path: `/me/requests/${w.owner.request.id}/export/${format}`,
      status: 404 as const,
    })),
    { path: `/me/requests/${w.owner.request.reference}/export/json`, status: 404 },
  ],
  '/me/requests/[id]': (w) => [
    { path: `/me/requests/${w.prober.request.id}`, status: 200 },
    { path: `/me/requests/${w.owner.request.id}`, status: 404 },
    { path: `/me/requests/${w.owner.request.reference}`, status: 404 },
  ],
  '/me/requests/[id]/attachments/[attachmentId]': (w) =>
    w.owner.attachments.flatMap((attachment) => [
      { path: `/me/requests/${w.owner.request.id}/attachments/${attachment.id}`, status: 404 },
      // B's own request with A's document, and A's request with B's document.
      { path: `/me/requests/${w.prober.request.id}/attachments/${attachment.id}`, status: 404 },
      {
        path: `/me/requests/${w.owner.request.id}/attachments/${w.prober.attachment.id}`,
        status: 404,
      },
    ]),
  '/me/requests/new': () => [{ path: '/me/requests/new', status: 200 }],
  '/me/requests/new/[type]': (w) => [
    ...w.slugs.map((slug) => ({ path: `/me/requests/new/${slug}`, status: 200 as const })),
    // My data's "Request its destruction" preselects an item: A's item ticks and shows nothing.
    ...['destroy', 'block', 'rectify'].map((slug) => ({
      path: `/me/requests/new/${slug}?item=${w.owner.items.education.id}`,
      status: 200 as const,
    })),
  ],
  // Art. 24: B filed one request as A's representative; B follows that one and reaches nothing else of A's.
  '/me/representation': () => [{ path: '/me/representation', status: 200 }],
  '/me/representation/new': () => [{ path: '/me/representation/new', status: 200 }],
  '/me/representation/[id]': (w) => [
    { path: `/me/representation/${w.prober.onBehalf.id}`, status: 200 },
    { path: `/me/representation/${w.owner.request.id}`, status: 404 },
    { path: `/me/representation/${w.owner.request.reference}`, status: 404 },
  ],
  '/me/representation/[id]/attachments/[attachmentId]': (w) =>
    w.owner.attachments.flatMap((attachment) => [
      // A's documents through the request B filed for A, and through A's own request.
      { path: `/me/representation/${w.prober.onBehalf.id}/attachments/${attachment.id}`, status: 404 },
      { path: `/me/representation/${w.owner.request.id}/attachments/${attachment.id}`, status: 404 },
    ]),
};

async function fileAs(request: APIRequestContext, slug: string, fields: Field[]) {
  const answer = await callAction(request, `/en/me/requests/new/${slug}`, actionNamed('fileRequestAction'), [
    ['idempotencyKey', randomUUID()],
    ...fields,
  ]);
  const id = /\/me\/requests\/([0-9a-f-]{36})\?filed=1/.exec(answer.redirect ?? '')?.[1];
  expect(id, `filed: ${JSON.stringify(answer)}`).toBeTruthy();
  return (await db.select().from(requests).where(eq(requests.id, id!)))[0]!;
}

export async function itemsOf(subjectId: string) {
  const rows = await db
    .select({ id: dataItems.id, code: dataCategories.code })
    .from(dataItems)
    .innerJoin(dataCategories, eq(dataCategories.id, dataItems.categoryId))
    .where(eq(dataItems.subjectId, subjectId));
  const education = rows.find((row) => row.code === 'education')!;
  return { all: rows, education };
}

export async function createSubjectWorld(browser: Browser) {
  const words = marker('IDOR');
  // A: the owner, whose data B looks for. Latin words, so they can be found in a PDF's text too.
  const owner = await createSubject({
    fullName: `Owner ${words}`,
    purposes: ['training_contract', 'career_matching', 'graduate_showcase'],
    consents: [{ purpose: 'newsletter' }],
  });
  const ownerPage = await (await browser.newContext()).newPage();
  await signInAsSubject(ownerPage, owner);
  const ownerItems = await itemsOf(owner.id);
  const request = await fileAs(ownerPage.request, 'rectify', [
    ['type', 'RECTIFY'],
    ['items', ownerItems.education.id],
    [`value:${ownerItems.education.id}`, `Diploma ${words}`],
    ['description', `Note ${words}`],
    ['files', pdfFile(`diploma-${words}.pdf`)],
  ]);
  const sent = await callAction(ownerPage.request, `/en/me/requests/${request.id}`, actionNamed('sendMessageAction'), [
    ['requestId', request.id],
    ['body', `Message ${words}`],
    ['files', pdfFile(`letter-${words}.pdf`)],
  ]);
  expect(sent.result?.status, 'A writes on their request').toBe('success');
  await ownerPage.context().close();

  // B: the prober, with data and a request of their own, and no automated or publishing purpose.
  const prober = await createSubject({ fullName: 'Prober Probeson', purposes: ['training_contract'] });
  const proberPage = await (await browser.newContext()).newPage();
  await signInAsSubject(proberPage, prober);
  const proberRequest = await fileAs(proberPage.request, 'access', [
    ['type', 'ACCESS'],
    ['files', pdfFile('my-passport.pdf')],
  ]);

  // The form of each request type, as the list of request types links to them.
  const list = await (await proberPage.request.get('/en/me/requests/new')).text();
  const slugs = [...new Set([...list.matchAll(/href="\/en\/me\/requests\/new\/([a-z-]+)"/g)].map((m) => m[1]!))];
  expect(slugs, 'a form for every request type').toHaveLength(requestTypes.length);

  // B also acts as A's representative once (Art. 24): that request, and nothing else of A's, is B's to follow.
  const ownerIin = await giveIin(owner.id);
  const onBehalf = await callAction(
    proberPage.request,
    '/en/me/representation/new',
    actionNamed('fileOnBehalfAction'),
    [
      ['representativeName', 'Prober Probeson'],
      ['fullName', 'Child of Prober'],
      ['iin', ownerIin],
      ['relationship', 'parent'],
      ['idempotencyKey', randomUUID()],
      ['files', pdfFile('birth-certificate.pdf')],
    ],
  );
  const onBehalfId = /\/me\/representation\/([0-9a-f-]{36})\?filed=1/.exec(onBehalf.redirect ?? '')?.[1];
  expect(onBehalfId, `filed on behalf: ${JSON.stringify(onBehalf)}`).toBeTruthy();

  const ownerAttachments = await db.select().from(attachments).where(eq(attachments.requestId, request.id));
  const [proberAttachment] = await db.select().from(attachments).where(eq(attachments.requestId, proberRequest.id));
  const [consent] = await db.select().from(consents).where(eq(consents.subjectId, owner.id));
  // As if an approved version had added a recipient to its purpose (Art. 8(4)).
  await db.update(consents).set({ reconsentVersion: 1 }).where(eq(consents.id, consent!.id));
  const [consentRecord] = await db.select().from(consentRecords).where(eq(consentRecords.subjectId, owner.id));
  const [automated] = await db.select().from(purposes).where(eq(purposes.code, 'career_matching'));
  const [showcase] = await db.select().from(purposes).where(eq(purposes.code, 'graduate_showcase'));
  const [{ lastAuditId } = { lastAuditId: 0 }] = await db
    .select({ lastAuditId: max(auditEvents.id) })
    .from(auditEvents)
    .where(eq(auditEvents.subjectId, owner.id));
  return {
    proberPage,
    slugs,
    owner: {
      id: owner.id,
      iin: ownerIin,
      request: (await db.select().from(requests).where(eq(requests.id, request.id)))[0]!,
      attachments: ownerAttachments,
      consent: consent!,
      consentRecord: consentRecord!,
      items: ownerItems,
      automated: automated!,
      showcase: showcase!,
      lastAuditId: Number(lastAuditId ?? 0),
      // What would show that something of A's reached B.
      words: [words, owner.email, request.reference],
      ids: [
        request.id,
        consent!.id,
        consentRecord!.id,
        ...ownerAttachments.map((a) => a.id),
        ...ownerItems.all.map((i) => i.id),
      ],
    },
    prober: {
      id: prober.id,
      request: proberRequest,
      attachment: proberAttachment!,
      items: await itemsOf(prober.id),
      onBehalf: { id: onBehalfId! },
    },
  };
}
