import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test as base, expect, type Page } from '@playwright/test';
import { eq, inArray } from 'drizzle-orm';
import IntlMessageFormat from 'intl-messageformat';
import postgres from 'postgres';
import { drizzleOver } from '@/db';
import { sessions, users, type StaffRole } from '@/db/schema/auth';
import { consentPurposes, consents as consentsTable } from '@/db/schema/consents';
import { recordConsentEvent } from '@/lib/consents/records';
import { dataCategories, purposeCategories, purposes } from '@/db/schema/inventory';
import { dataItemPurposes, dataItems, subjects, type Locale } from '@/db/schema/subjects';
import { iinCheckDigit } from '@/lib/iin';
import type Messages from '@/messages/en.json';

/**
 * What the end-to-end tests share: the portal's own database (each test creates the people it
 * needs, with unique addresses, and never relies on another test's rows), the SMTP sink's mailbox,
 * and the message catalogues, so tests find things by the words a person reads.
 */
// Read as data: Playwright loads specs as ES modules, where JSON needs import attributes.
const readMessages = (locale: string) => JSON.parse(readFileSync(`messages/${locale}.json`, 'utf8')) as typeof Messages;
export const messages = { kk: readMessages('kk'), ru: readMessages('ru'), en: readMessages('en') } as const;
export const locales = ['kk', 'ru', 'en'] as const;

/** A message with its ICU arguments (plurals by the locale's rules), as the pages and e-mails format it. */
export function formatMessage(message: string, locale: Locale, values: Record<string, string | number>): string {
  return String(new IntlMessageFormat(message, locale).format(values));
}

const databaseUrl = process.env.E2E_DATABASE_URL;
if (!databaseUrl || !/127\.0\.0\.1|localhost/.test(databaseUrl)) {
  // Tests write to the database they are given: never let that be anything but a local one.
  throw new Error('E2E_DATABASE_URL must name a local test database (run the tests with `npm test`).');
}
const client = postgres(databaseUrl, { max: 2, onnotice: () => {} });
// The portal's Drizzle: audit events a spec records are chained when its transaction commits, as
// the portal's own are (db/index.ts), not left for the worker's sweep a few seconds later.
export const db = drizzleOver(client);

const sinkUrl = `http://127.0.0.1:${process.env.E2E_SMTP_HTTP_PORT ?? 2580}`;

export const uniqueEmail = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}@e2e.test`;

export type SinkMessage = { to: string[]; subject: string; text: string; html: string };

/** Waits for e-mail to `to` to reach the SMTP sink and returns all of it, oldest first. */
export async function waitForEmails(to: string, count = 1): Promise<SinkMessage[]> {
  let found: SinkMessage[] = [];
  await expect
    .poll(
      async () => {
        found = (await (await fetch(`${sinkUrl}/messages?to=${encodeURIComponent(to)}`)).json()) as SinkMessage[];
        return found.length;
      },
      { timeout: 15_000, message: `e-mail to ${to}` },
    )
    .toBeGreaterThanOrEqual(count);
  return found;
}

export function signInLinkOf(message: SinkMessage): string {
  const link = /https?:\/\/\S+\/api\/auth\/callback\/nodemailer\S+/.exec(message.text)?.[0];
  if (!link) throw new Error(`no sign-in link in: ${message.text}`);
  return link;
}

/** Signs in the way a person does: the form, the e-mail, the link (the newest, when there were others). */
export async function signInByEmail(page: Page, email: string, locale: Locale = 'en') {
  const t = messages[locale].signIn;
  const inbox = async () =>
    (await (await fetch(`${sinkUrl}/messages?to=${encodeURIComponent(email)}`)).json()) as SinkMessage[];
  const before = (await inbox()).length;
  await page.goto(`/${locale}/sign-in`);
  await page.getByLabel(t.emailLabel).fill(email);
  await page.getByRole('button', { name: t.submit }).click();
  await expect(page.getByRole('heading', { name: messages[locale].checkEmail.title })).toBeVisible();
  // Other e-mail may arrive meanwhile (a staff member's notice of their last sign-in): wait for the link.
  let link: SinkMessage | undefined;
  await expect
    .poll(
      async () => {
        link = (await inbox()).slice(before).findLast((m) => /\/api\/auth\/callback\/nodemailer/.test(m.text));
        return link !== undefined;
      },
      { timeout: 15_000, message: `a sign-in link to ${email}` },
    )
    .toBe(true);
  await page.goto(signInLinkOf(link!));
}

/**
 * A session made directly in the database, for tests where the sign-in path is not what is tested:
 * fully signed in, the staff's second factor given. The table holds the token's hash, as the
 * portal writes it (lib/auth/adapter.ts).
 */
export async function signInAs(page: Page, userId: string) {
  const token = randomBytes(32).toString('hex');
  await db.insert(sessions).values({
    sessionToken: createHash('sha256').update(token).digest('hex'),
    userId,
    expires: new Date(Date.now() + 3_600_000),
    secondFactorAt: new Date(),
  });
  await page.context().addCookies([
    {
      name: 'authjs.session-token',
      value: token,
      url: portalUrl(),
      httpOnly: true,
      sameSite: 'Lax',
    },
  ]);
}

export async function createStaff(role: StaffRole) {
  const [user] = await db
    .insert(users)
    .values({ email: uniqueEmail(role), name: `E2E ${role}`, role, emailVerified: new Date() })
    .returning({ id: users.id, email: users.email });
  return { id: user!.id, email: user!.email! };
}

/**
 * A data subject of the demo operator with a name, e-mail, phone and education, each serving the
 * demo purposes that use its category, and a consent for each of `consents` (purpose codes).
 */
export async function createSubject({
  locale = 'en' as Locale,
  fullName = 'Әсел Қуанышқызы Төлеуова',
  purposes: purposeCodes = ['training_contract', 'career_matching'],
  consents: consentCodes = [] as { purpose: string; locked?: boolean }[],
} = {}) {
  const email = uniqueEmail('subject');
  const [subject] = await db
    .insert(subjects)
    .values({ email, fullName, locale, phone: '+7 701 000 00 00' })
    .returning();
  const categories = await db
    .select({ id: dataCategories.id, code: dataCategories.code })
    .from(dataCategories)
    .where(inArray(dataCategories.code, ['full_name', 'email', 'phone', 'education']));
  const values: Record<string, string> = {
    full_name: fullName,
    email,
    phone: '+7 701 000 00 00',
    education: 'ҚазҰУ, 2020',
  };
  const items = await db
    .insert(dataItems)
    .values(
      categories.map((c) => ({
        subjectId: subject!.id,
        categoryId: c.id,
        value: values[c.code]!,
        source: 'subject' as const,
        method: 'manual' as const,
      })),
    )
    .returning({ id: dataItems.id, categoryId: dataItems.categoryId });
  const purposeRows = await db
    .select({ id: purposes.id, code: purposes.code, name: purposes.name })
    .from(purposes)
    .where(inArray(purposes.code, purposeCodes));
  const links = await db
    .select()
    .from(purposeCategories)
    .where(
      inArray(
        purposeCategories.purposeId,
        purposeRows.map((p) => p.id),
      ),
    );
  const itemPurposes = items.flatMap((item) =>
    links.filter((l) => l.categoryId === item.categoryId).map((l) => ({ dataItemId: item.id, purposeId: l.purposeId })),
  );
  if (itemPurposes.length) await db.insert(dataItemPurposes).values(itemPurposes);
  for (const { purpose: code, locked } of consentCodes) {
    const purpose = (await db.select().from(purposes).where(eq(purposes.code, code)))[0]!;
    const [consent] = await db
      .insert(consentsTable)
      .values({
        subjectId: subject!.id,
        operatorName: { kk: '«Дала Білім» ЖШС', ru: 'ТОО «Дала Білім»', en: 'Dala Bilim LLP' },
        operatorBin: '180340012346',
        subjectName: fullName,
        validFrom: new Date(Date.now() - 86_400_000),
        thirdPartyTransfer: false,
        crossBorderTransfer: false,
        publicSources: false,
        channel: 'portal',
        evidenceText: `consent to ${code}`,
        evidenceSha256: 'c'.repeat(64),
        givenAt: new Date(Date.now() - 86_400_000),
        withdrawalLock: locked ? 'obligation' : null,
        withdrawalLockReason: locked
          ? {
              kk: 'Шарт бойынша төлем жасалмаған.',
              ru: 'Оплата по договору не внесена.',
              en: 'The contract fee is unpaid.',
            }
          : null,
      })
      .returning({ id: consentsTable.id });
    await db.insert(consentPurposes).values({ consentId: consent!.id, purposeId: purpose.id });
    // Its consent record (ISO/IEC TS 27560), as the portal writes one when a consent is given.
    await db.transaction((tx) =>
      recordConsentEvent(tx, { consentId: consent!.id, event: 'given', actor: { id: null, role: 'system' } }),
    );
  }
  return { ...subject!, email };
}

/** A subject signed in through a session made in the database. */
export async function signInAsSubject(page: Page, subject: { id: string; email: string }) {
  await signInAs(page, await createSubjectUser(subject));
}

export async function createSubjectUser(subject: { id: string; email: string }) {
  // The same person may sign in in several pages of a test: one account per address.
  const [user] = await db
    .insert(users)
    .values({ email: subject.email, role: 'subject', emailVerified: new Date() })
    .onConflictDoUpdate({ target: users.email, set: { emailVerified: new Date() } })
    .returning({ id: users.id });
  await db.update(subjects).set({ userId: user!.id }).where(eq(subjects.id, subject.id));
  return user!.id;
}

/**
 * The portals under test: one `npm start` a port in E2E_PORTS (playwright.config.ts), on one build
 * and one database. Each worker uses one of them for all its tests (its pages, its requests, the
 * sign-in links its portal writes into e-mail), so that the portal's Node process, which serves
 * every page a worker loads, is not one process for all the workers.
 */
const portalUrls = (process.env.E2E_PORTS ?? process.env.E2E_PORT ?? '3100')
  .split(',')
  .map((port) => `http://localhost:${port}`);

/** The address of the portal this test's worker uses (what `baseURL` is in its pages and requests). */
export const portalUrl = () => portalUrls[test.info().parallelIndex % portalUrls.length]!;

export const test = base.extend({
  // Playwright's `use`, not React's (the hooks rule goes by the name).
  baseURL: async ({}, provide, testInfo) => provide(portalUrls[testInfo.parallelIndex % portalUrls.length]),
});
export { expect };

/** A random IIN with a valid check digit (lib/iin.ts), unique enough for parallel tests; the subject's, if given. */
export async function giveIin(subjectId?: string): Promise<string> {
  for (;;) {
    const first11 = `0${String(randomBytes(6).readUIntBE(0, 6) % 10_000_000_000).padStart(10, '0')}`;
    const check = iinCheckDigit(first11);
    if (check === null) continue;
    const iin = `${first11}${check}`;
    if (subjectId) await db.update(subjects).set({ iin }).where(eq(subjects.id, subjectId));
    return iin;
  }
}
