/**
 * What kind of failure a domain error is. Each transport maps kinds to its own error form
 * (HTTP status and problem type, OAI-PMH error code, VOTable error document).
 */
export type DomainErrorKind =
  | 'invalid'
  | 'unprocessable'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'gone'
  | 'not-acceptable'
  | 'precondition-failed'
  | 'too-large'
  | 'unavailable';

/** One problem found in a request, with where it is (a JSON pointer or a field name). */
export interface Violation {
  readonly path: string;
  readonly message: string;
}

/** Base class of every error a lib throws on purpose. Libs never throw HTTP exceptions. */
export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  /** Stable, documented identifier of the error, e.g. `catalogue.version-immutable`. */
  abstract readonly code: string;

  constructor(
    message: string,
    readonly violations: readonly Violation[] = [],
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidInputError extends DomainError {
  readonly kind = 'invalid';
  constructor(
    message: string,
    violations: readonly Violation[] = [],
    readonly code: string = 'invalid-input',
  ) {
    super(message, violations);
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not-found';
  readonly code = 'not-found';
}

export class UnauthenticatedError extends DomainError {
  readonly kind = 'unauthenticated';
  readonly code = 'unauthenticated';
}

export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
  readonly code = 'forbidden';
}

export class PreconditionFailedError extends DomainError {
  readonly kind = 'precondition-failed';
  readonly code = 'precondition-failed';
}
