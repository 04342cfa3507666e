import { DomainError } from '@apdc/platform';

/** A copy whose bytes, once written, are not what the bag is: it is not counted as stored. */
export class CopyVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyVerificationError';
  }
}

export class NotArchivedError extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'archive.not-archived';
  constructor(datasetId: string, versionNumber: number) {
    super(`Version ${versionNumber} of dataset ${datasetId} has no stored archival package yet`);
  }
}

export class RetrievalNotFoundError extends DomainError {
  readonly kind = 'not-found';
  readonly code = 'archive.retrieval-not-found';
  constructor(id: string) {
    super(`No archive retrieval ${id}`);
  }
}

export class RetrievalNotReadyError extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'archive.retrieval-not-ready';
  constructor(
    id: string,
    readonly state: string,
  ) {
    super(
      state === 'recalling'
        ? `Retrieval ${id} is still waiting for the recall from tape`
        : `Retrieval ${id} cannot be served (${state}); request a new retrieval`,
    );
  }
}

export class ArchivedFileNotFoundError extends DomainError {
  readonly kind = 'not-found';
  readonly code = 'archive.file-not-found';
  constructor(path: string) {
    super(`The archived package holds no payload file ${JSON.stringify(path)}`);
  }
}

/** Every stored copy of a bag is gone from its store: audits will find and repair them, then ask again. */
export class NoReadableCopyError extends DomainError {
  readonly kind = 'unavailable';
  readonly code = 'archive.no-readable-copy';
  constructor(bagName: string) {
    super(
      `No stored copy of bag ${bagName} can be found in its store; an audit will repair it from the others`,
    );
  }
}
