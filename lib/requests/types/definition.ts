import type { z } from 'zod';
import type { Db, Tx } from '@/db';
import type { DeadlineCode } from '@/db/schema/calendar';
import type { Request, RequestItem, RequestState, RequestType } from '@/db/schema/requests';
import type { Staff } from '@/lib/auth/authorize';
import type { Actor } from '@/lib/audit/record';
import type { RefusalReasonCode } from '@/lib/backoffice/refusal-templates';
import type { Why } from '@/lib/data-items/changes';
import type { FiledRequest } from '@/lib/requests/file';

/**
 * What one request type is, in one place: how it appears in URLs, which fields its form has and how
 * they are checked, what it concerns, its deadline policy, what filing and executing it do, and
 * what staff must give to execute it. lib/requests/types/index.ts lists every type; the forms, the
 * filing, the execution and the staff page all read it. Adding a type means a file here, its
 * messages in kk/ru/en and its tests.
 */

/** The words of a free-text field: keys under `requests.form`. */
export type TextLabel = 'note' | 'where' | 'violation' | 'reason' | 'objection';

/** The form's fields, in order. components/request-fields.tsx draws each kind; `readRequestForm` reads them. */
export type FieldSpec =
  | { kind: 'text'; label: TextLabel; help?: 'whereHelp' | 'violationHelp'; required: boolean }
  /** The subject's items to pick; with a new value for each when `newValues`. */
  | { kind: 'items'; newValues: boolean }
  /** A value for a category the operator holds nothing of yet (RECTIFY's "supplement"). */
  | { kind: 'supplement' }
  | { kind: 'consent' }
  | { kind: 'automatedPurpose' };

/** Field errors name a message in `requests.errors`. */
export type FieldErrorKey =
  | 'required'
  | 'pickItems'
  | 'newValue'
  | 'nothingToChange'
  | 'tooLong'
  | 'invalidValue'
  | 'pickConsent'
  | 'pickPurpose'
  | 'notFound';

/** The form as read from the request, before any check: every field any type has. */
export type RawRequestForm = {
  description: string;
  /** The items picked; any that is not the subject's own makes the form "not found" (the transaction checks again). */
  items: string[];
  /** `value:<itemId>` fields: the new value proposed for each picked item. */
  values: Record<string, string>;
  supplementCategory: string;
  supplementValue: string;
  consentId: string;
  purposeId: string;
};

/** What the form may refer to: the subject's own items and the categories that can be supplemented. */
export type FormContext = {
  items: { id: string; categoryCode: string }[];
  categories: { id: string; code: string }[];
};

/** Registering a request of this type for a subject, after its form was checked. */
export type FilingContext = {
  tx: Tx;
  subjectId: string;
  common: {
    subjectId: string;
    actor: Actor;
    idempotencyKey: string | null;
    channel?: 'portal' | 'paper' | 'email';
    registeredAt?: Date;
    auditDetails?: Record<string, unknown>;
  };
  /** The subject's own items among `ids`, or "not found" if any is not theirs. */
  ownItems: (ids: string[]) => Promise<{ id: string; categoryId: string }[]>;
};

/** A staff member's choice between two endings (BLOCK under review, OBJECT_AUTO, RECTIFY that cannot be made). */
export type Decision = 'confirm' | 'reject' | 'uphold' | 'destroy';

/** What the staff page's execute panel offers, and execution requires, in one state of the request. */
export type ExecutePanel = {
  /** The explanation: a key under `backoffice.request.executeHelp`. */
  help: RequestType | 'DATA_BLOCKED';
  /** Whether the outcome (words to the subject) must be given. */
  outcomeRequired: boolean;
  /** The buttons, each with its decision (null: plain execution) and label (keys under `backoffice.request`). */
  buttons: {
    decision: Decision | null;
    label: 'execute' | 'block' | 'confirmViolation' | 'rejectViolation' | 'uphold' | 'cannotCorrect';
  }[];
};

/** A reasoned refusal (Art. 25(2)(7), 8(7)): a reason, a legal basis and words to the subject. */
export type Refusal = { reasonCode: RefusalReasonCode; legalBasis: string; text: string };

/** Executing a request of this type: the checks are done, the request is locked. */
export type ExecutionContext = {
  tx: Tx;
  request: Request;
  staff: Staff;
  outcome: string | null;
  decision: Decision | null;
  items: RequestItem[];
  /** The items the request names; empty for "all of my data". */
  itemIds: string[];
  /** Who acts and on what ground, for the data changes' audit events. */
  why: Why;
  /**
   * Completes the request (state, timeline, audit, e-mail); `eventId` when the type wrote its own
   * event, `answer` the type's own words to the subject (put before the staff's outcome).
   */
  complete: (eventId?: number, answer?: string) => Promise<void>;
  /** Ends the request in a reasoned refusal instead (Art. 8(7), 25(2)(7)), e.g. an Art. 8(2) lock found at execution. */
  refuse: (refusal: Refusal) => Promise<void>;
  /** What `prepare` made before the transaction, if it ran (the staff page's action); execute checks it still holds. */
  prepared: unknown;
};

export type RequestTypeDefinition<T extends RequestType = RequestType, Input = unknown> = {
  type: T;
  /** In URLs: /me/requests/new/public-remove. */
  slug: string;
  /** The articles of Law 94-V the right rests on. */
  articles: string;
  /** The deadline policy its due time is computed from (deadline_policies). */
  deadline: DeadlineCode;
  /** What it concerns, as the staff page shows it: items (none named = all), a consent, a purpose, or nothing. */
  scope: 'items' | 'consent' | 'purpose' | 'none';
  /** The staff page shows the values proposed for each item (RECTIFY). */
  showsProposedValues: boolean;
  fields: readonly FieldSpec[];
  /** The form's checks, for one subject's data. */
  schema: (context: FormContext) => z.ZodType<Input>;
  file: (context: FilingContext, input: Input) => Promise<FiledRequest>;
  panel: (state: RequestState) => ExecutePanel;
  execute: (context: ExecutionContext) => Promise<void>;
  /**
   * Slow work done before the execution's transaction, so that no lock is held while it runs
   * (issue 15): ACCESS renders its statement here. Its result reaches `execute` as `prepared`,
   * which must check it is still right (or do the work again) and must work without it too.
   */
  prepare?: (db: Db, request: Pick<Request, 'id' | 'subjectId'>) => Promise<unknown>;
};

/** A definition with its input type fixed: `satisfies` keeps each file's own types. */
export function defineRequestType<T extends RequestType, Input>(
  definition: RequestTypeDefinition<T, Input>,
): RequestTypeDefinition<T, Input> {
  return definition;
}
