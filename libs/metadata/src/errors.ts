import { DomainError, type Violation } from '@apdc/platform';

/** A metadata document with problems; every problem is listed with its JSON pointer. */
export class InvalidMetadataError extends DomainError {
  readonly kind = 'unprocessable';
  readonly code = 'metadata.invalid';
  constructor(violations: readonly Violation[]) {
    super(
      `The metadata document has ${violations.length} problem${violations.length === 1 ? '' : 's'}`,
      violations,
    );
  }
}
