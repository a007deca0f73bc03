import 'server-only';
import { revalidatePath } from 'next/cache';
import { unstable_rethrow } from 'next/navigation';
import { getLocale } from 'next-intl/server';
import { getTranslations } from '@/i18n/server';
import type { z } from 'zod';
import { getDb, type Tx } from '@/db';
import { transactionWithRetries } from '@/db/retry';
import type { Subject } from '@/db/schema/subjects';
import { redirect } from '@/i18n/navigation';
import { localePath } from '@/i18n/paths';
import { formObject, normalizeFormData, NOT_FOUND } from '@/lib/actions/form-data';
import type { FormState } from '@/lib/actions/form-state';
import type { Actor } from '@/lib/audit/record';
import type { Permission } from '@/lib/auth/permissions';
import { requireStaff, requireSubject, type SessionUser, type StaffUser } from '@/lib/auth/session';
import type { WithdrawRefusal } from '@/lib/consents/withdraw';
import { DomainError, isDomainError, type StaffRefusal, type SubjectActionRefusal } from '@/lib/errors';
import { hitLimit, retryWhen, type Limit } from '@/lib/rate-limit';
import { requestLogger } from '@/lib/request-log';

/**
 * How every server action runs, in both zones: who is asking (requireSubject or requireStaff, which
 * redirect anonymous visitors and give the wrong role a 403), the form normalised (every text and
 * file name, lib/input/text.ts) and parsed by the action's zod schema, the domain call in one
 * transaction, and an answer in the page's language. Refusals of the domain (DomainError codes)
 * become messages here, in one table, so every form says the same thing for the same refusal.
 */

/** Translates any message key of the catalogues (messages/*.json). */
export type Translate = Awaited<ReturnType<typeof getTranslations<never>>>;
type MessageKey = Parameters<Translate>[0];
type RefusalCode = StaffRefusal | SubjectActionRefusal | WithdrawRefusal;

/** The words a zone answers with. */
type Answers = {
  refusals: Partial<Record<RefusalCode, MessageKey>>;
  /** A refusal the table does not name. */
  otherwise: MessageKey;
  /** Refusals shown on the fresh page (`?notice=<code>`): the form that was sent may no longer be there. */
  notices?: readonly RefusalCode[];
  /** A fault, logged: nothing was changed. */
  generic: MessageKey;
  /** The form's message when fields are wrong, and a field's when its schema names no message. */
  fields: { fix: MessageKey; required: MessageKey; tooLong: MessageKey; invalid: MessageKey };
};

// A consent whose withdrawal is asked for, by the subject or by staff at intake, says why it cannot be.
const consentRefusals = { locked: 'consents.errors.locked', notActive: 'consents.errors.notActive' } as const;
const subjectFields = {
  fix: 'requests.errors.fixBelow',
  required: 'requests.errors.required',
  tooLong: 'requests.errors.tooLong',
  invalid: 'requests.errors.invalidValue',
} as const;
const staffInvalid = 'backoffice.request.errors.invalid';

const answers = {
  /** The subject's requests and the rest of /me. Filing refused for any other reason names an id that is not theirs. */
  requests: {
    refusals: {
      notFound: 'requests.errors.notFound',
      notOpen: 'requests.errors.notOpen',
      cannotCancel: 'requests.errors.cannotCancel',
      stale: 'requests.errors.stale',
      ...consentRefusals,
    },
    otherwise: 'requests.errors.notFound',
    generic: 'requests.errors.generic',
    fields: subjectFields,
  },
  /** The subject's consents and publication decisions. */
  consents: {
    refusals: { notFound: 'consents.errors.notFound', ...consentRefusals },
    otherwise: 'consents.errors.notFound',
    generic: 'consents.errors.generic',
    fields: subjectFields,
  },
  /** The back office. */
  backoffice: {
    refusals: {
      forbidden: 'backoffice.request.errors.forbidden',
      notFound: 'backoffice.request.errors.notFound',
      stale: 'backoffice.request.errors.stale',
      notOpen: 'backoffice.request.errors.notOpen',
      invalid: staffInvalid,
      itemBlocked: 'backoffice.request.errors.itemBlocked',
      noExtension: 'backoffice.request.errors.noExtension',
      authorityUnverified: 'backoffice.request.errors.authorityUnverified',
      beyondStatute: 'backoffice.request.errors.beyondStatute',
      deadlinePassed: 'backoffice.request.errors.deadlinePassed',
      storageAbroadReason: 'backoffice.request.errors.storageAbroadReason',
      inUse: 'inventory.errors.inUse',
      incomplete: 'inventory.errors.incomplete',
      executing: 'backoffice.request.errors.executing',
      taskClosed: 'backoffice.tasks.errors.taskClosed',
      reasonRequired: 'backoffice.tasks.errors.reasonRequired',
      noteRequired: 'backoffice.tasks.errors.noteRequired',
      ...consentRefusals,
    },
    otherwise: staffInvalid,
    // Someone else changed the request meanwhile: show it as it is now, with the reason on top.
    notices: ['stale', 'notOpen'],
    generic: 'backoffice.request.errors.generic',
    fields: { fix: staffInvalid, required: staffInvalid, tooLong: staffInvalid, invalid: staffInvalid },
  },
} as const satisfies Record<string, Answers>;

/** Who may act, and the words their forms are answered in. */
export type Zone<Who> = { who: () => Promise<Who>; answers: Answers };

/** A signed-in data subject the operator holds data about, and how they appear in the audit log. */
export type AskingSubject = { user: SessionUser; subject: Subject; actor: Actor };

async function askingSubject(): Promise<AskingSubject> {
  const { user, subject } = await requireSubject();
  // Someone the operator holds nothing about has nothing to act on (Art. 24(1)(1)).
  if (!subject) throw new DomainError<SubjectActionRefusal>('notFound');
  return { user, subject, actor: { id: user.id, role: 'subject' } };
}

/**
 * /me: the signed-in person, whether or not the operator holds data about them (`subject` null):
 * someone it holds nothing about may still ask for its formal answer, and a parent may file for
 * their child (lib/requests/subject-requests.ts `subjectOfAccount` makes their subject record).
 */
export function accountZone(): Zone<Awaited<ReturnType<typeof requireSubject>>> {
  return { who: requireSubject, answers: answers.requests };
}

/** /me: the data subject; `about` chooses the words for what was not found. */
export function subjectZone(about: 'requests' | 'consents' = 'requests'): Zone<AskingSubject> {
  return { who: askingSubject, answers: answers[about] };
}

/** /admin: staff with `permission`; the domain function checks it again. */
export function staffZone(permission: Permission): Zone<StaffUser> {
  return { who: () => requireStaff(permission), answers: answers.backoffice };
}

/**
 * What is wrong with a form: a message key (with its values), on a field, or on the form itself
 * when no field is named. `NOT_FOUND` stands for the zone's "not found".
 */
export type Problem = { field?: string; key: string; values?: Record<string, string | number> };

type Problems = { problems: Problem[] };

/** A `check` that found problems answers with them (a function, so the input's type is inferred from the other answer). */
export function problems(...found: Problem[]): Problems {
  return { problems: found };
}

export type ActionSpec<Who, Schema extends z.ZodType, Checked, Result> = {
  zone: Zone<Who>;
  /** The form's fields; ids are z.uuid(). */
  schema: Schema;
  /** Checks the schema cannot make alone (against the subject's own data): more problems, or the input completed. */
  check?: (input: z.output<Schema>, who: Who, data: FormData) => Promise<{ input: Checked } | Problems>;
  /** An abuse limit on who does this (lib/rate-limit.ts): counted once the form is valid, before the work. */
  limit?: (who: Who) => [Limit, string];
  /** The domain call, inside the one transaction. */
  work: (tx: Tx, input: NoInfer<Checked>, who: Who) => Promise<Result>;
  /** The page showing what changed (without locale), revalidated once the transaction has ended. */
  page?: (input: NoInfer<Checked>) => string;
  /** The answer: a message in the page's language, or the page to go to. */
  done: (t: Translate, result: NoInfer<Result>, input: NoInfer<Checked>) => string | { redirect: string };
};

export async function runAction<Who, Schema extends z.ZodType, Result, Checked = z.output<Schema>>(
  submitted: FormData,
  spec: ActionSpec<Who, Schema, Checked, Result>,
): Promise<FormState> {
  // Every text and file name of every form, normalised once, here (issue 10, point 2).
  const data = normalizeFormData(submitted);
  const { answers } = spec.zone;
  const [locale, t] = await Promise.all([getLocale(), getTranslations()]);
  const refused = (code: string): FormState => ({
    status: 'error',
    message: t(answers.refusals[code as RefusalCode] ?? answers.otherwise),
  });
  const failed = async (error: unknown): Promise<FormState> => {
    unstable_rethrow(error);
    if (isDomainError(error)) return refused(error.code);
    (await requestLogger('action')).error({ err: error }, 'a server action failed');
    return { status: 'error', message: t(answers.generic) };
  };

  let who: Who;
  try {
    who = await spec.zone.who();
  } catch (error) {
    // Only a refusal is answered here; the sign-in redirect and the 403 go on their way.
    if (isDomainError(error)) return refused(error.code);
    throw error;
  }

  const parsed = await spec.schema.safeParseAsync(formObject(data, spec.schema));
  if (!parsed.success) return answerProblems(parsed.error.issues.map(problemOf(answers, t)), answers, t);

  let input: Checked;
  try {
    const checked = spec.check
      ? await spec.check(parsed.data, who, data)
      : { input: parsed.data as unknown as Checked };
    if ('problems' in checked) return answerProblems(checked.problems, answers, t);
    input = checked.input;
  } catch (error) {
    return failed(error);
  }

  if (spec.limit) {
    const verdict = await hitLimit(getDb(), ...spec.limit(who));
    if (!verdict.allowed) return { status: 'error', message: t('errors.tooOften', retryWhen(verdict, locale)) };
  }

  let outcome: { result: Result } | { refusal: string };
  try {
    // Run again when PostgreSQL undid it for another that met it at once (a deadlock).
    outcome = { result: await transactionWithRetries(getDb(), (tx) => spec.work(tx, input, who)) };
  } catch (error) {
    if (!isDomainError(error)) return failed(error);
    outcome = { refusal: error.code };
  }
  const page = spec.page?.(input);
  if (page) revalidatePath(localePath(locale, page));
  if ('refusal' in outcome) {
    if (page && answers.notices?.includes(outcome.refusal as RefusalCode))
      return redirect({ href: `${page}?notice=${outcome.refusal}`, locale });
    return refused(outcome.refusal);
  }
  const done = spec.done(t, outcome.result, input);
  return typeof done === 'string' ? { status: 'success', message: done } : redirect({ href: done.redirect, locale });
}

/** A zod issue as a problem: its message when it names a catalogue key, else the zone's word for its kind. */
function problemOf(answers: Answers, t: Translate) {
  return (issue: z.core.$ZodIssue): Problem => {
    const field = issue.path.length > 0 ? String(issue.path[0]) : undefined;
    const values = { ...(issue.code === 'custom' ? issue.params : {}) } as Record<string, string | number>;
    if (issue.code === 'too_big') values.max = Number(issue.maximum);
    if (issue.message === NOT_FOUND || t.has(issue.message as MessageKey)) return { field, key: issue.message, values };
    const kind = issue.code === 'too_big' ? 'tooLong' : issue.code === 'too_small' ? 'required' : 'invalid';
    return { field, key: answers.fields[kind], values };
  };
}

function answerProblems(found: Problem[], answers: Answers, t: Translate): FormState {
  // An id that names nothing cannot be corrected by the person: what they acted on was not found.
  if (found.some((problem) => problem.key === NOT_FOUND))
    return { status: 'error', message: t(answers.refusals.notFound ?? answers.otherwise) };
  let message = t(answers.fields.fix);
  const fieldErrors: Record<string, string> = {};
  for (const { field, key, values } of found) {
    const text = t(key as MessageKey, values);
    if (field === undefined) message = text;
    else fieldErrors[field] ??= text;
  }
  return { status: 'error', message, fieldErrors };
}
