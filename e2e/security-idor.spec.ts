import { randomUUID } from 'node:crypto';
import type { APIRequestContext, Browser } from '@playwright/test';
import { count, eq, inArray, max } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { auditEvents } from '@/db/schema/audit';
import { consentRecords, consents } from '@/db/schema/consents';
import { dataCategories, purposes } from '@/db/schema/inventory';
import {
  attachments,
  requestConsents,
  requestEvents,
  requestItems,
  requests,
  requestTypes,
} from '@/db/schema/requests';
import { dataItemPurposes, dataItems, subjects } from '@/db/schema/subjects';
import { createSubject, db, expect, giveIin, locales, signInAsSubject, test } from './fixtures';
import { callAction, marker, pdfFile, routeFilesOf, serverActions, type ActionAnswer, type Field } from './security';

/**
 * [SECURITY] Art. 24, 25(2)(1): a data subject reaches their own data and nobody else's. Subject B,
 * signed in, sends subject A's ids (request, reference, document, consent, item, purpose) to every
 * subject page, download and server action; nothing of A's may be shown, downloaded or changed:
 * a 404 or a refusal, A's words and ids absent from every answer, and A's rows in the database
 * exactly as they were. The subject's routes are read from the app folder and the actions from the
 * build, so a new route or action without its probes fails the test.
 */
type World = Awaited<ReturnType<typeof createWorld>>;

/** A GET and what it must answer: a page of B's own (200) or "not found" (404); in every language unless said. */
type RouteProbe = { path: string; status: 200 | 404; languages?: readonly (typeof locales)[number][] };

/** For each subject route, the requests that try A's ids on it (or, without ids, that show only B's data). */
const routeProbes: Record<string, (w: World) => RouteProbe[]> = {
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

/**
 * For each subject action, forms carrying A's ids; `refused` when the action must refuse them (an
 * action with no id of anyone's, such as the activity e-mails switch, changes only B's own setting).
 */
type ActionProbe = { label: string; page: string; fields: Field[]; refused: boolean };
const itemsForm = (type: string, ids: string[], extra: Field[] = []): Field[] => [
  ['type', type],
  ['idempotencyKey', randomUUID()],
  ...ids.map((id): Field => ['items', id]),
  ...extra,
];

const actionProbes: Record<string, (w: World) => ActionProbe[]> = {
  withdrawConsentAction: (w) => [
    {
      label: "withdraw A's consent",
      page: '/me/consents',
      fields: [
        ['consentId', w.owner.consent.id],
        ['idempotencyKey', randomUUID()],
      ],
      refused: true,
    },
  ],
  // A's consent is flagged for re-consent (createWorld): B consenting again on it must not widen it.
  acceptWidenedConsentAction: (w) => [
    {
      label: "consent again on A's widened consent",
      page: '/me/consents',
      fields: [
        ['consentId', w.owner.consent.id],
        ['confirm', 'yes'],
      ],
      refused: true,
    },
  ],
  decidePublicationAction: (w) =>
    (['give', 'refuse'] as const).map((decision) => ({
      label: `${decision} publication (the purpose is the operator's, offered to every subject)`,
      page: '/me/consents',
      fields: [
        ['purposeId', w.owner.showcase.id],
        ['decision', decision],
        ['confirm', 'yes'],
      ],
      // No one else's id fits this form: B's consent (or refusal) is B's own; A's rows must stay as they were.
      refused: false,
    })),
  cancelRequestAction: (w) => [
    {
      label: "cancel A's request",
      page: `/me/requests/${w.prober.request.id}`,
      fields: [
        ['requestId', w.owner.request.id],
        ['version', String(w.owner.request.version)],
      ],
      refused: true,
    },
  ],
  sendMessageAction: (w) => [
    {
      label: "write on A's request, with a document",
      page: `/me/requests/${w.prober.request.id}`,
      fields: [
        ['requestId', w.owner.request.id],
        ['body', 'Let me see it, please.'],
        ['files', pdfFile('probe.pdf')],
      ],
      refused: true,
    },
  ],
  // B filed one request for A (Art. 24); A's own request is not B's to answer or cancel.
  cancelRepresentedAction: (w) => [
    {
      label: "cancel A's own request as A's representative",
      page: `/me/representation/${w.prober.onBehalf.id}`,
      fields: [
        ['requestId', w.owner.request.id],
        ['version', String(w.owner.request.version)],
      ],
      refused: true,
    },
  ],
  messageRepresentedAction: (w) => [
    {
      label: "write on A's own request as A's representative, with a document",
      page: `/me/representation/${w.prober.onBehalf.id}`,
      fields: [
        ['requestId', w.owner.request.id],
        ['body', 'As their parent, let me see it.'],
        ['files', pdfFile('probe.pdf')],
      ],
      refused: true,
    },
  ],
  fileRequestAction: (w) => {
    const a = w.owner.items.education.id;
    const b = w.prober.items.education.id;
    const reason: Field = ['description', 'Stop processing it.'];
    return [
      {
        label: "RECTIFY A's item",
        page: '/me/requests/new/rectify',
        fields: itemsForm('RECTIFY', [a], [[`value:${a}`, 'Changed by B']]),
        refused: true,
      },
      {
        label: "RECTIFY B's item and A's item",
        page: '/me/requests/new/rectify',
        fields: itemsForm(
          'RECTIFY',
          [b, a],
          [
            [`value:${b}`, 'Mine'],
            [`value:${a}`, 'Changed by B'],
          ],
        ),
        refused: true,
      },
      ...(['BLOCK', 'DESTROY'] as const).flatMap((type) => [
        {
          label: `${type} A's item`,
          page: `/me/requests/new/${type.toLowerCase()}`,
          fields: itemsForm(type, [a], [reason]),
          refused: true,
        },
        {
          label: `${type} B's item and A's item`,
          page: `/me/requests/new/${type.toLowerCase()}`,
          fields: itemsForm(type, [b, a], [reason]),
          refused: true,
        },
      ]),
      {
        label: "PUBLIC_REMOVE A's item",
        page: '/me/requests/new/public-remove',
        fields: itemsForm('PUBLIC_REMOVE', [a], [['description', 'example.kz/graduates']]),
        refused: true,
      },
      {
        label: "WITHDRAW A's consent",
        page: '/me/requests/new/withdraw',
        fields: [
          ['type', 'WITHDRAW'],
          ['idempotencyKey', randomUUID()],
          ['consentId', w.owner.consent.id],
        ],
        refused: true,
      },
      {
        label: 'OBJECT_AUTO to automated processing of A only',
        page: '/me/requests/new/object-auto',
        fields: [
          ['type', 'OBJECT_AUTO'],
          ['idempotencyKey', randomUUID()],
          ['purposeId', w.owner.automated.id],
          ['description', 'I object.'],
        ],
        refused: true,
      },
    ];
  },
  fileOnBehalfAction: (w) => [
    {
      label: 'file for A without the document that shows the authority',
      page: '/me/representation/new',
      fields: [
        ['representativeName', 'Prober Probeson'],
        ['fullName', 'Child of Prober'],
        ['iin', w.owner.iin],
        ['relationship', 'parent'],
        ['idempotencyKey', randomUUID()],
      ],
      refused: true,
    },
  ],
  setLanguageAction: () => [
    { label: 'choose the language of correspondence', page: '/me/account', fields: [['locale', 'kk']], refused: false },
  ],
  setActivityEmailsAction: () => [
    { label: 'turn off activity e-mails', page: '/me/activity', fields: [['notify', 'off']], refused: false },
  ],
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

async function itemsOf(subjectId: string) {
  const rows = await db
    .select({ id: dataItems.id, code: dataCategories.code })
    .from(dataItems)
    .innerJoin(dataCategories, eq(dataCategories.id, dataItems.categoryId))
    .where(eq(dataItems.subjectId, subjectId));
  const education = rows.find((row) => row.code === 'education')!;
  return { all: rows, education };
}

async function createWorld(browser: Browser) {
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

function actionNamed(name: string) {
  const action = serverActions().find((a) => a.name === name);
  if (!action) throw new Error(`no server action ${name} in the build`);
  return action;
}

/** Everything of A's a probe could change, and anything of B's that would point at A's data. */
async function ownerRows(w: World): Promise<string> {
  const itemIds = w.owner.items.all.map((i) => i.id);
  const ownerRequests = await db
    .select({ id: requests.id, state: requests.state, version: requests.version, updatedAt: requests.updatedAt })
    .from(requests)
    .where(eq(requests.subjectId, w.owner.id))
    .orderBy(requests.id);
  const requestIds = ownerRequests.map((r) => r.id);
  // Every list in a fixed order: the planner may read them by another index between two calls.
  return JSON.stringify([
    ownerRequests,
    ...(await Promise.all([
      // A's record as A and staff keep it; the activity e-mail job's own bookkeeping
      // (activity_digest_*) moves on its schedule, whoever probes.
      db
        .select()
        .from(subjects)
        .where(eq(subjects.id, w.owner.id))
        .then((rows) => rows.map(({ activityDigestSentAt: _s, activityDigestLastEventId: _l, ...rest }) => rest)),
      db.select().from(dataItems).where(eq(dataItems.subjectId, w.owner.id)).orderBy(dataItems.id),
      db
        .select()
        .from(dataItemPurposes)
        .where(inArray(dataItemPurposes.dataItemId, itemIds))
        .orderBy(dataItemPurposes.dataItemId, dataItemPurposes.purposeId),
      // The re-consent flag is the operator's: an inventory version approved meanwhile (another
      // worker's inventory spec) may ask every consent on a purpose again, whoever probes.
      db
        .select()
        .from(consents)
        .where(eq(consents.subjectId, w.owner.id))
        .orderBy(consents.id)
        .then((rows) => rows.map(({ reconsentVersion: _r, ...rest }) => rest)),
      db.select({ n: count() }).from(requestEvents).where(inArray(requestEvents.requestId, requestIds)),
      db.select({ n: count() }).from(attachments).where(inArray(attachments.requestId, requestIds)),
      // Requests of anyone naming A's items or consent.
      db.select({ n: count() }).from(requestItems).where(inArray(requestItems.dataItemId, itemIds)),
      db.select({ n: count() }).from(requestConsents).where(eq(requestConsents.consentId, w.owner.consent.id)),
      db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.subjectId, w.owner.id)),
    ])),
  ]);
}

/** The text of a PDF, as a reader extracts it (the words are in compressed streams). */
async function pdfText(bytes: Buffer): Promise<string> {
  const document = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= document.numPages; i++) {
    const content = await (await document.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return pages.join('\n');
}

/** The text of every cell of an XLSX workbook (the file itself is a zip). */
async function xlsxText(bytes: Buffer): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const cells: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell.text))));
  return cells.join('\n');
}

test.describe("[SECURITY] Art. 24: no subject reaches another subject's data", () => {
  test('[SECURITY] every subject page, download and action has IDOR probes', () => {
    const routes = routeFilesOf('(subject)').map((r) => r.pattern);
    expect(
      routes.filter((pattern) => !routeProbes[pattern]),
      'subject routes without probes',
    ).toEqual([]);
    expect(Object.keys(routeProbes).filter((pattern) => !routes.includes(pattern))).toEqual([]);
    const actions = serverActions()
      .filter((a) => a.file.startsWith('app/[locale]/(subject)/'))
      .map((a) => a.name);
    expect(
      actions.filter((name) => !actionProbes[name]),
      'subject actions without probes',
    ).toEqual([]);
    expect(Object.keys(actionProbes).filter((name) => !actions.includes(name))).toEqual([]);
  });

  test("[SECURITY] Art. 24: no subject reaches another subject's data — 0 leaks over every route and action", async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    const w = await createWorld(browser);
    const b = w.proberPage.request;
    const leaks: string[] = [];
    const before = await ownerRows(w);
    let routeCount = 0;
    let actionCount = 0;

    // In each language: pages, statements and exports are written per locale.
    for (const [pattern, probesOf] of Object.entries(routeProbes)) {
      for (const probe of probesOf(w)) {
        for (const locale of probe.languages ?? locales) {
          routeCount++;
          const path = `/${locale}${probe.path}`;
          const response = await b.get(path, { maxRedirects: 0 });
          const bytes = await response.body();
          const type = response.headers()['content-type'] ?? '';
          const text =
            type === 'application/pdf'
              ? await pdfText(bytes)
              : type.includes('spreadsheetml')
                ? await xlsxText(bytes)
                : bytes.toString('utf8');
          // An id B typed in the address may come back in the page's own address: anything else of A's may not.
          const found = [...w.owner.words, ...w.owner.ids].filter((s) => text.includes(s) && !path.includes(s));
          if (response.status() !== probe.status) leaks.push(`${pattern} ${path}: ${response.status()}`);
          if (found.length) leaks.push(`${pattern} ${path}: shows ${found.join(', ')}`);
        }
      }
    }
    expect(await ownerRows(w), "reading changes nothing of A's").toBe(before);

    const actions = serverActions();
    for (const [name, probesOf] of Object.entries(actionProbes)) {
      const action = actions.find((a) => a.name === name)!;
      for (const probe of probesOf(w)) {
        actionCount++;
        const rowsBefore = await ownerRows(w);
        const answer = await callAction(b, `/en${probe.page}`, action, probe.fields);
        const verdict = probe.refused ? judgeRefusal(answer) : answer.status === 200 ? null : `${answer.status}`;
        if (verdict) leaks.push(`${name}, ${probe.label}: ${verdict}`);
        const rowsAfter = await ownerRows(w);
        if (rowsAfter !== rowsBefore) leaks.push(`${name}, ${probe.label}: A's rows changed`);
      }
    }
    // B filed nothing that names A's data (the checks above), and nothing at all from these probes.
    const filedByB = await db.select({ n: count() }).from(requests).where(eq(requests.subjectId, w.prober.id));
    expect(filedByB[0]!.n, 'B filed only their own ACCESS request').toBe(1);

    await w.proberPage.context().close();
    console.log(
      `[FIGURES] IDOR: ${leaks.length} leaks in ${routeCount + actionCount} probes (${routeCount} over ${Object.keys(routeProbes).length} subject routes in ${locales.length} languages, ${actionCount} over ${Object.keys(actionProbes).length} subject actions)`,
    );
    expect(leaks).toEqual([]);
  });
});

/** A refusal: the form is answered with an error, never a redirect to something filed or done. */
function judgeRefusal(answer: ActionAnswer): string | null {
  if (answer.status === 200 && answer.result?.status === 'error') return null;
  return `not refused: ${answer.status} ${answer.redirect ?? ''} ${JSON.stringify(answer.result)}`;
}
