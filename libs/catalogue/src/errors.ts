import { DomainError, type Violation } from '@apdc/platform';

export class DatasetNotFoundError extends DomainError {
  readonly kind = 'not-found';
  readonly code = 'catalogue.dataset-not-found';
  constructor(datasetId: string) {
    super(`No dataset ${datasetId}`);
  }
}

export class VersionNotFoundError extends DomainError {
  readonly kind = 'not-found';
  readonly code = 'catalogue.version-not-found';
  constructor(datasetId: string, number: number | string) {
    super(`Dataset ${datasetId} has no version ${number}`);
  }
}

export class FileNotFoundError extends DomainError {
  readonly kind = 'not-found';
  readonly code = 'catalogue.file-not-found';
  constructor(path: string) {
    super(`No file ${JSON.stringify(path)} in this version`);
  }
}

export class VersionImmutableError extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'catalogue.version-immutable';
  constructor(state: string) {
    super(`The files of a ${state} version never change; create a new version to change files`);
  }
}

export class InvalidVersionStateError extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'catalogue.invalid-state';
  constructor(action: string, state: string) {
    super(`Cannot ${action} a ${state} version`);
  }
}

export class DraftExistsError extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'catalogue.draft-exists';
  constructor(number: number) {
    super(`Version ${number} is still a draft; publish it before starting another version`, [], {
      draft: number,
    });
  }
}

export class IncompleteReleaseError extends DomainError {
  readonly kind = 'unprocessable';
  readonly code = 'catalogue.incomplete-release';
  constructor(violations: readonly Violation[]) {
    super('The version lacks what publication requires', violations);
  }
}

export class ChecksumMismatchError extends DomainError {
  readonly kind = 'unprocessable';
  readonly code = 'catalogue.checksum-mismatch';
  constructor(algorithm: string, declared: string, actual: string) {
    super(`The ${algorithm} of the received bytes is not the declared one; nothing was stored`, [], {
      algorithm,
      declared,
      actual,
    });
  }
}

export class FileTooLargeError extends DomainError {
  readonly kind = 'too-large';
  readonly code = 'catalogue.file-too-large';
  constructor(limitBytes: number) {
    super(`Files may be at most ${limitBytes} bytes`, [], { limitBytes });
  }
}

export class IncompleteUploadError extends DomainError {
  readonly kind = 'invalid';
  readonly code = 'catalogue.incomplete-upload';
  constructor(expected: number, received: number) {
    super(`Expected ${expected} bytes (Content-Length) but received ${received}; nothing was stored`);
  }
}

export class EmbargoedError extends DomainError {
  readonly kind = 'forbidden';
  readonly code = 'catalogue.embargoed';
  constructor(until: Date) {
    super(`The files of this version are under embargo until ${until.toISOString()}`, [], {
      embargoUntil: until.toISOString(),
    });
  }
}

/** A withdrawn version: the tombstone keeps what is needed to cite it. */
export class VersionWithdrawnError extends DomainError {
  readonly kind = 'gone';
  readonly code = 'catalogue.version-withdrawn';
  constructor(tombstone: Record<string, unknown>) {
    super('This version was withdrawn', [], { tombstone });
  }
}

export class NotAllowedError extends DomainError {
  readonly kind = 'forbidden';
  readonly code = 'catalogue.not-allowed';
}

export class EtagMismatchError extends DomainError {
  readonly kind = 'precondition-failed';
  readonly code = 'catalogue.etag-mismatch';
  constructor() {
    super('The version changed since you read it (If-Match does not match its current ETag)');
  }
}

/** The client stopped sending mid-upload; nothing was stored, and the upload can simply be repeated. */
export class UploadInterruptedError extends DomainError {
  readonly kind = 'invalid';
  readonly code = 'catalogue.upload-interrupted';
  constructor() {
    super('The upload was interrupted before all bytes arrived; nothing was stored');
  }
}
