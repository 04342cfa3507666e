import type { Readable } from 'node:stream';

export interface ByteRange {
  /** First byte, inclusive. */
  readonly start: number;
  /** Last byte, inclusive. */
  readonly end: number;
}

export interface StoredObject {
  readonly key: string;
  readonly sizeBytes: number;
}

/**
 * Where file bytes live (filesystem, any S3 endpoint). An object appears under its key only once it is
 * complete: a writer that dies midway leaves nothing readable behind.
 */
export abstract class ObjectStore {
  /** Streams `body` to `key`; resolves once the object is durable. Rejects (and stores nothing) if `body` errors. */
  abstract put(key: string, body: Readable): Promise<StoredObject>;
  /** Rejects with {@link ObjectNotFoundError} when there is no such object. */
  abstract get(key: string, range?: ByteRange): Promise<Readable>;
  abstract head(key: string): Promise<StoredObject | undefined>;
  /** Deleting a missing object is not an error. */
  abstract delete(key: string): Promise<void>;
}
