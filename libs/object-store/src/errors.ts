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
