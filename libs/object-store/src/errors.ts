import { DomainError } from '@apdc/platform';

export class ObjectNotFoundError extends DomainError {
  readonly kind = 'not-found';
  readonly code = 'object-store.not-found';
  constructor(readonly key: string) {
    super(`No stored object under key ${key}`);
  }
}

export class InvalidObjectKeyError extends DomainError {
  readonly kind = 'invalid';
  readonly code = 'object-store.invalid-key';
  constructor(readonly key: string) {
    super(`Invalid object key ${JSON.stringify(key)}`);
  }
}

/** The object sits in an archival storage class (tape) and has no readable restored copy right now. */
export class ObjectArchivedError extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'object-store.archived';
  constructor(
    readonly key: string,
    readonly storageClass: string | undefined,
  ) {
    super(
      `Object ${key} is in archival storage${storageClass === undefined ? '' : ` (${storageClass})`}; request a restore and wait for it before reading`,
    );
  }
}
