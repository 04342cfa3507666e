import { DomainError, type Violation } from '@apdc/platform';

/** A query or filter that cannot be searched for; each violation names the parameter and, for `q`, where. */
export class SearchQueryError extends DomainError {
  readonly kind = 'invalid';
  readonly code = 'search.invalid-query';
  constructor(violations: readonly Violation[]) {
    super('The search request cannot be understood', violations);
  }
}
