import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { APIRequestContext, Browser, BrowserContext, Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import { users } from '@/db/schema/auth';
import { calendarDays } from '@/db/schema/calendar';
import { dataCategories, purposeCategories, purposeRecipients, purposes, recipients } from '@/db/schema/inventory';
import { requests } from '@/db/schema/requests';
import { dataItemPurposes, dataItems, subjects } from '@/db/schema/subjects';
import { createStaff, createSubject, db, expect, signInAs, signInAsSubject, test } from './fixtures';
import { callAction, kazakhstanLocal, marker, serverActions, type Field } from './security';

/**
 * [SECURITY] OWASP "CSV injection": no cell of any CSV the portal writes starts a formula when a
 * spreadsheet opens it. Hostile values (=HYPERLINK, a DDE command, -2+3, @SUM, tab-, CR- and
 * full-width-prefixed) are put into every field that reaches a CSV, through the forms where a
 * person types them and in the database where they come from elsewhere (an import, the
 * inventory); then every CSV is downloaded and parsed: every such cell reads as text, behind the
 * neutralising apostrophe, and a phone number still reads as `'+7 701 000 00 00`.
 */

/** Every file that writes CSV (it says `text/csv` or calls csvRows), with the export that covers it here. */
const csvWriters: Record<string, string> = {
  'lib/csv.ts': 'the one CSV writer (csv-stringify with escape_formulas), used by every export',
  'lib/spreadsheet.ts':
    'the tables of the subject’s downloads as CSV (through csvRows) or XLSX: my data and my requests',
  'lib/my-data/export.ts': 'my data',
  'lib/requests/export.ts': 'my requests',
  'app/[locale]/(subject)/me/requests/export/[format]/route.ts': 'my requests',
  'app/[locale]/(subject)/me/requests/[id]/export/[format]/route.ts': 'my requests',
  'app/[locale]/(subject)/me/export/[format]/route.ts': 'my data',
  'app/[locale]/(operator)/admin/requests/export/route.ts': 'queue',
  'app/[locale]/(operator)/admin/requests/export/names/route.ts': 'queue with names',
  'lib/backoffice/queue-export.ts': 'queue, queue with names',
  // The queue's lines as PostgreSQL writes them (csvCellSql: csvRows's rules, compared by lib/backoffice/queue-export.test.ts).
  'db/queries/csv.ts': 'queue, queue with names',
  'db/queries/queue.ts': 'queue, queue with names',
  'app/[locale]/(operator)/admin/audit/export/route.ts': 'audit trail',
  // An import's turned-down rows, cells as the operator's file had them: csvRows, probed by lib/import/report.test.ts.
  'lib/import/report.ts': 'rejected rows',
  'app/[locale]/(operator)/admin/import/[id]/rejected/route.ts': 'rejected rows',
  // Writes no CSV: its file picker accepts text/csv.
  'app/[locale]/(operator)/admin/import/upload-form.tsx': 'none',
};

/** What a spreadsheet reads as a formula: =, +, -, @, tab, carriage return, and their full-width forms. */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const PHONE = '+7 701 000 00 00';

type Export = 'queue' | 'queue with names' | 'audit trail' | 'my data' | 'my requests';

function actionNamed(name: string) {
  const action = serverActions().find((a) => a.name === name);
  if (!action) throw new Error(`no server action ${name} in the build`);
  return action;
}

async function act(request: APIRequestContext, page: string, name: string, fields: Field[]) {
  const answer = await callAction(request, page, actionNamed(name), fields);
  const done = answer.result?.status === 'success' || Boolean(answer.redirect && !answer.redirect.includes('sign-in'));
  expect(done, `${name}: ${JSON.stringify(answer)}`).toBe(true);
  return answer;
}

/** A browser context signed in by `as`, to send requests from; closed by `closeAll`. */
const opened: BrowserContext[] = [];
async function signedIn(browser: Browser, as: (page: Page) => Promise<void>) {
  const context = await browser.newContext();
  opened.push(context);
  const page = await context.newPage();
  await as(page);
  return page.request;
}
const closeAll = async () => {
  for (const context of opened.splice(0)) await context.close();
};

test.describe('[SECURITY] OWASP CSV injection: every CSV the portal writes', () => {
  test('[SECURITY] every CSV writer of the portal is covered by the formula probes', () => {
    const found = execFileSync('grep', ['-rlE', 'text/csv|csvRows\\(', 'app', 'lib', 'db', 'components'], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter((file) => file && !file.endsWith('.test.ts'));
    expect(found.filter((file) => !csvWriters[file]).sort(), 'CSV writers without a probe').toEqual([]);
  });

  test('[SECURITY] OWASP CSV injection: 0 live formulas in the queue, the audit trail and the subject’s data and requests', async ({
    browser,
  }) => {
    test.setTimeout(60_000);
    const m = marker('csv');
    const hostile = {
      name: `=HYPERLINK("http://x.example/${m}","y")`,
      rectified: `@SUM(1) ${m}`,
      supplemented: `+cmd|' /C calc'!A0 ${m}`,
      tab: `\t=1+1 ${m}`,
      carriageReturn: `\r=1+1 ${m}`,
      fullWidth: `\uFF1D1+1 ${m}`,
      staffEmail: `-2+3-${m}@e2e.test`,
      subjectEmail: `+${m}@e2e.test`,
      basis: `=HYPERLINK("http://x.example/basis-${m}","y")`,
      purposeName: `=cmd|' /C notepad'!A0 ${m}`,
      retention: `@SUM(2) ${m}`,
      recipientName: `-1+1 ${m}`,
      calendarSource: `+SUM(3) order ${m}`,
    };

    // The admin gives a person a staff role, with an address that starts like a formula (it is a valid one).
    const admin = await signedIn(browser, async (p) => signInAs(p, (await createStaff('admin')).id));
    await act(admin, '/en/admin/staff', 'saveStaffAction', [
      ['email', hostile.staffEmail],
      ['name', 'Formula Agent'],
      ['role', 'agent'],
    ]);
    const [agentUser] = await db.select().from(users).where(eq(users.email, hostile.staffEmail));
    const agent = await signedIn(browser, (p) => signInAs(p, agentUser!.id));

    // The inventory (seeded, no form yet): a purpose and a recipient whose words start like formulas.
    const L = (text: string) => ({ kk: text, ru: text, en: text });
    const [recipient] = await db
      .insert(recipients)
      .values({ code: m, name: L(hostile.recipientName), kind: 'third_party', country: 'KZ', notifySubject: false })
      .returning();
    const [purpose] = await db
      .insert(purposes)
      .values({
        code: m,
        name: L(hostile.purposeName),
        description: L('E2E: a purpose whose words start like formulas'),
        legalBasis: 'art9',
        art9Point: '10',
        legalBasisCitation: L(hostile.basis),
        retentionKind: 'until_purpose_achieved',
        retentionDescription: L(hostile.retention),
      })
      .returning();
    const [fullNameCategory] = await db.select().from(dataCategories).where(eq(dataCategories.code, 'full_name'));
    await db.insert(purposeCategories).values({ purposeId: purpose!.id, categoryId: fullNameCategory!.id });
    await db.insert(purposeRecipients).values({ purposeId: purpose!.id, recipientId: recipient!.id });

    try {
      // The subject: a name and an address that start like formulas, and values from elsewhere
      // (an import) that start with a tab, a carriage return and a full-width equals sign.
      const created = await createSubject({ fullName: hostile.name, purposes: ['training_contract', m] });
      await db.update(subjects).set({ email: hostile.subjectEmail }).where(eq(subjects.id, created.id));
      const [emailCategory, educationCategory, employerCategory] = await Promise.all(
        ['email', 'education', 'employer'].map(
          async (code) => (await db.select().from(dataCategories).where(eq(dataCategories.code, code)))[0]!,
        ),
      );
      await db
        .update(dataItems)
        .set({ value: hostile.subjectEmail })
        .where(and(eq(dataItems.subjectId, created.id), eq(dataItems.categoryId, emailCategory!.id)));
      const [education] = await db
        .select()
        .from(dataItems)
        .where(and(eq(dataItems.subjectId, created.id), eq(dataItems.categoryId, educationCategory!.id)));
      await db.insert(dataItems).values(
        [hostile.tab, hostile.carriageReturn, hostile.fullWidth].map((value) => ({
          subjectId: created.id,
          categoryId: educationCategory!.id,
          value,
          source: 'third_party' as const,
          method: 'automated' as const,
        })),
      );
      const subject = await signedIn(browser, (p) =>
        signInAsSubject(p, { id: created.id, email: hostile.subjectEmail }),
      );

      // The subject asks to rectify an item and supplement another, with values typed in the form.
      const filed = await act(subject, '/en/me/requests/new/rectify', 'fileRequestAction', [
        ['type', 'RECTIFY'],
        ['idempotencyKey', randomUUID()],
        ['items', education!.id],
        [`value:${education!.id}`, hostile.rectified],
        ['supplementCategory', employerCategory!.id],
        ['supplementValue', hostile.supplemented],
        ['description', `=1+1 ${m}`],
      ]);
      const requestId = /requests\/([0-9a-f-]{36})/.exec(filed.redirect ?? '')![1]!;
      const version = async () =>
        String((await db.select().from(requests).where(eq(requests.id, requestId)))[0]!.version);
      const page = `/en/admin/requests/${requestId}`;
      // The agent takes it and executes it: the values change as the subject asked.
      await act(agent, page, 'takeAction', [
        ['requestId', requestId],
        ['version', await version()],
      ]);
      await act(agent, page, 'executeAction', [
        ['requestId', requestId],
        ['version', await version()],
        ['outcome', ''],
        ['decision', ''],
      ]);
      // The agent records a transfer, with a basis typed as a formula.
      const [smartPay] = await db.select().from(recipients).where(eq(recipients.code, 'smart_pay'));
      const [fullName] = await db
        .select()
        .from(dataItems)
        .where(and(eq(dataItems.subjectId, created.id), eq(dataItems.categoryId, fullNameCategory!.id)));
      await act(agent, '/en/admin/transfers', 'recordTransferAction', [
        ['subjectId', created.id],
        ['recipientId', smartPay!.id],
        ['transferredAt', kazakhstanLocal(3_600_000)],
        ['items', fullName!.id],
        ['basis', hostile.basis],
        ['crossBorderBasis', ''],
      ]);

      const dpo = await signedIn(browser, async (p) => signInAs(p, (await createStaff('dpo')).id));
      // The dpo adds a day off, with its source typed as a formula, and takes it away again: both
      // are in the audit trail with the source as their reason. A weekday in 2031 that no open
      // request counts, and not a holiday, so the calendar's horizon stays where it is.
      const day = '2031-06-03';
      const name = (text: string): Field[] => ['Kk', 'Ru', 'En'].map((l): Field => [`name${l}`, text]);
      await act(dpo, '/en/admin/calendar', 'saveDayAction', [
        ['day', day],
        ['previousDay', ''],
        ['kind', 'day_off'],
        ...name('E2E day off'),
        ['source', hostile.calendarSource],
        ['isProvisional', ''],
      ]);
      await act(dpo, '/en/admin/calendar', 'removeDayAction', [['day', day]]);
      const download = async (request: APIRequestContext, path: string) => {
        const response = await request.get(path);
        expect(response.status(), path).toBe(200);
        expect(response.headers()['content-type'], path).toContain('text/csv');
        return parse(await response.text(), { bom: true }) as string[][];
      };
      const exports: Record<Export, string[][]> = {
        queue: await download(dpo, '/en/admin/requests/export?state=all'),
        // With names: the subject's requests only (found by their address), each subject named is audited.
        'queue with names': await download(
          dpo,
          `/en/admin/requests/export/names?state=all&q=${encodeURIComponent(hostile.subjectEmail)}`,
        ),
        'audit trail': await download(dpo, '/en/admin/audit/export'),
        'my data': await download(subject, '/en/me/export/csv'),
        // What the subject asked for and wrote, as they typed it.
        'my requests': await download(subject, '/en/me/requests/export/csv'),
      };

      const placed: [Export, string][] = [
        ['queue', hostile.staffEmail],
        ['queue with names', hostile.name],
        ['audit trail', hostile.staffEmail],
        ['audit trail', hostile.subjectEmail],
        ['audit trail', hostile.basis],
        ['audit trail', hostile.calendarSource],
        ...[
          hostile.name,
          hostile.subjectEmail,
          hostile.rectified,
          hostile.supplemented,
          hostile.tab,
          hostile.carriageReturn,
          hostile.fullWidth,
          hostile.purposeName,
          hostile.retention,
          hostile.recipientName,
        ].map((value): [Export, string] => ['my data', value]),
        // The description typed in the request form is a cell of its own.
        ['my requests', `=1+1 ${m}`],
      ];
      const cells = Object.values(exports).flat(2);
      const live = Object.entries(exports).flatMap(([name, rows]) =>
        rows.flat().flatMap((cell) => (FORMULA_START.test(cell) ? [`${name}: ${JSON.stringify(cell)}`] : [])),
      );
      const missing = placed.filter(
        ([name, value]) => !exports[name].flat().some((cell) => cell.startsWith(`'${value}`)),
      );
      const phone = exports['my data'].flat().filter((cell) => cell.includes(PHONE));

      console.log(
        `[FIGURES] CSV: ${live.length} live formulas in ${cells.length} cells of ${Object.keys(exports).length} exports (${Object.keys(exports).join(', ')}); ${placed.length - missing.length} of ${placed.length} hostile values read as text; the phone reads ${JSON.stringify(phone[0])}`,
      );
      expect(live, 'cells a spreadsheet would run').toEqual([]);
      expect(missing, 'hostile values that did not reach their CSV as text').toEqual([]);
      // The subject's phone is written twice: among their details and as a data item.
      expect([...new Set(phone)], 'a phone number stays readable').toEqual([`'${PHONE}`]);
    } finally {
      await closeAll();
      // The calendar and the inventory are shared: take the day, purpose and recipient away again.
      await db.delete(calendarDays).where(eq(calendarDays.source, hostile.calendarSource));
      await db.delete(dataItemPurposes).where(eq(dataItemPurposes.purposeId, purpose!.id));
      await db.delete(purposes).where(eq(purposes.id, purpose!.id));
      await db.delete(recipients).where(eq(recipients.id, recipient!.id));
    }
  });
});
