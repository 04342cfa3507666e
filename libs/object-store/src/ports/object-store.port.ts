import type { Readable } from 'node:stream';

export interface ByteRange {
  /** First byte, inclusive. */
  readonly start: number;
  /** Last byte, inclusive. */
  readonly end: number;
}

export interface PutOptions {
  /**
   * Storage class of the new object: `STANDARD` (default), `GLACIER`, `DEEP_ARCHIVE`, or a site's own tape
   * class name.
   */
  readonly storageClass?: string;
  /** Exact body length when known (lets S3 choose its part size). */
  readonly sizeBytes?: number;
}

export interface StoredObject {
  readonly key: string;
  readonly sizeBytes: number;
  /** SHA-256 (hex) of the whole object, computed while streaming. */
  readonly sha256: string;
  /**
   * The checksum the server keeps for this object, as {@link ObjectStore.head} reports it for intact bytes
   * (opaque, compared for equality): `sha256:<base64>[-<parts>]` when the server keeps a SHA-256 checksum,
   * else `etag:<etag>`; `null` when the store keeps none (filesystem).
   */
  readonly serverChecksum: string | null;
  readonly storageClass: string;
}

export type RestoreState = 'not-requested' | 'in-progress' | 'available';

export interface ObjectInfo {
  readonly key: string;
  readonly sizeBytes: number;
  /** `STANDARD` unless the object was stored in another class. */
  readonly storageClass: string;
  /** True when reads need a restore first (archival class: GLACIER, DEEP_ARCHIVE, or a configured tape class). */
  readonly archived: boolean;
  /** Always `available` for objects that are not archived. */
  readonly restore: { readonly state: RestoreState; readonly expiresAt: Date | null };
  /** Same form as {@link StoredObject.serverChecksum}. */
  readonly serverChecksum: string | null;
}

/**
 * Where file bytes live (filesystem, any S3 endpoint). An object appears under its key only once it is
 * complete: a writer that dies midway leaves nothing readable behind.
 */
export abstract class ObjectStore {
  /** Streams `body` to `key`; resolves once the object is durable. Rejects (and stores nothing) if `body` errors. */
  abstract put(key: string, body: Readable, options?: PutOptions): Promise<StoredObject>;
  /**
   * Rejects with {@link ObjectNotFoundError} when there is no such object, and with
   * {@link ObjectArchivedError} when it is archived and not restored.
   */
  abstract get(key: string, range?: ByteRange): Promise<Readable>;
  abstract head(key: string): Promise<ObjectInfo | undefined>;
  /** Deleting a missing object is not an error. */
  abstract delete(key: string): Promise<void>;
  /**
   * Asks for an archived object to be made readable for `days`; returns the restore state after asking.
   * Objects that are not archived are `available` without any request. Rejects with
   * {@link ObjectNotFoundError} when there is no such object.
   */
  abstract requestRestore(key: string, days: number): Promise<RestoreState>;
}
