/**
 * A rule of the domain said no (a locked consent, a request already executed…). Server actions
 * turn its code into a localized message; anything else is a fault and is logged.
 */
export class DomainError<Code extends string = string> extends Error {
  constructor(readonly code: Code) {
    super(code);
    this.name = 'DomainError';
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** Why a back-office action was refused; each has a message in `backoffice.request.errors`. */
export type StaffRefusal =
  | 'forbidden'
  | 'notFound'
  | 'stale'
  | 'notOpen'
  | 'invalid'
  | 'itemBlocked'
  | 'noExtension'
  // Art. 10(2): a representative's authority is checked before the request is decided.
  | 'authorityUnverified'
  // A deadline policy longer than the statute, or an extension the statute does not allow.
  | 'beyondStatute'
  // An extension asked for once the deadline has already passed.
  | 'deadlinePassed'
  // Art. 12(2): a database outside Kazakhstan without a stated reason.
  | 'storageAbroadReason'
  // The inventory: a category or recipient a purpose or system still uses; a draft lacking a language.
  | 'inUse'
  | 'incomplete'
  // The request was executed in the portal and is with the operator's systems (lib/tasks).
  | 'executing'
  // A task already closed the other way, or a failure or hand-made change without its words.
  | 'taskClosed'
  | 'reasonRequired'
  | 'noteRequired';

/** Why a subject's action on their own request was refused; messages in `requests.errors`. */
export type SubjectActionRefusal = 'notFound' | 'notOpen' | 'cannotCancel' | 'stale';
