import { DomainError, type Violation } from '@apdc/platform';

/** A bag plan that cannot be written as a conformant bag; each violation names the offending field. */
export class BagPlanError extends DomainError {
  readonly kind = 'invalid';
  readonly code = 'archive.bag-plan-invalid';
  constructor(violations: readonly Violation[]) {
    super(
      `The bag plan cannot be written: ${violations.map((v) => `${v.path}: ${v.message}`).join('; ')}`,
      violations,
    );
  }
}

/** The bytes read for a payload file differ from the digests the catalogue recorded for it. */
export class BagSourceMismatchError extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'archive.bag-source-mismatch';
  constructor(
    readonly path: string,
    readonly algorithm: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `Payload file ${JSON.stringify(path)} has ${algorithm} ${actual}, but ${expected} was expected`,
      [],
      {
        path,
        algorithm,
        expected,
        actual,
      },
    );
  }
}

/**
 * A payload source yielded a different number of bytes than its declared size. The tar header is
 * already written by then, so the bag cannot be finished.
 */
export class BagSourceSizeError extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'archive.bag-source-size';
  constructor(
    readonly path: string,
    readonly expectedBytes: number,
    readonly actualBytes: number,
  ) {
    super(
      actualBytes > expectedBytes
        ? `Payload file ${JSON.stringify(path)} yielded more than the ${expectedBytes} bytes declared`
        : `Payload file ${JSON.stringify(path)} yielded ${actualBytes} bytes, but ${expectedBytes} were declared`,
      [],
      { path, expectedBytes, actualBytes },
    );
  }
}

/** The directory a bag should be written into already holds something. */
export class BagDirectoryNotEmptyError extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'archive.bag-directory-not-empty';
  constructor(readonly directory: string) {
    super(`Refusing to write a bag into the non-empty directory ${directory}`);
  }
}

/** A byte stream that is not a readable tar archive at the given offset. */
export class TarFormatError extends DomainError {
  readonly kind = 'unprocessable';
  readonly code = 'archive.tar-format';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at byte ${offset})`);
  }
}

/** A BagIt profile document that does not follow the bagit-profiles specification. */
export class BagItProfileError extends DomainError {
  readonly kind = 'invalid';
  readonly code = 'archive.bagit-profile-invalid';
  constructor(violations: readonly Violation[]) {
    super(
      `Malformed BagIt profile: ${violations.map((v) => `${v.path}: ${v.message}`).join('; ')}`,
      violations,
    );
  }
}
