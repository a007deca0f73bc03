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
