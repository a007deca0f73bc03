import { randomUUID } from 'node:crypto';
import { count, eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { auditEvents } from '@/db/schema/audit';
import { consents } from '@/db/schema/consents';
import { attachments, requestConsents, requestEvents, requestItems, requests } from '@/db/schema/requests';
import { dataItemPurposes, dataItems, subjects } from '@/db/schema/subjects';
import { db, expect, locales, test } from './fixtures';
import { callAction, pdfFile, routeFilesOf, serverActions, type ActionAnswer, type Field } from './security';
import { createSubjectWorld as createWorld, routeProbes, type SubjectWorld as World } from './subject-world';

/**
 * [SECURITY] Art. 24, 25(2)(1): a data subject reaches their own data and nobody else's. Subject B,
 * signed in, sends subject A's ids (request, reference, document, consent, item, purpose) to every
 * subject page, download and server action; nothing of A's may be shown, downloaded or changed:
 * a 404 or a refusal, A's words and ids absent from every answer, and A's rows in the database
 * exactly as they were. The subject's routes are read from the app folder and the actions from the
 * build, so a new route or action without its probes fails the test.
 */
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
