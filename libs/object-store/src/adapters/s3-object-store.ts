import { createHash } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  RestoreObjectCommand,
  S3Client,
  type StorageClass,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Logger, type OnModuleDestroy } from '@nestjs/common';
import type { S3Settings } from '@apdc/platform';
import { ObjectArchivedError, ObjectNotFoundError } from '../errors.js';
import { assertValidObjectKey } from '../object-key.js';
import {
  type ByteRange,
  type ObjectInfo,
  ObjectStore,
  type PutOptions,
  type RestoreState,
  type StoredObject,
} from '../ports/object-store.port.js';

const STANDARD = 'STANDARD';
const MIB = 1024 * 1024;
/** S3's limits on multipart uploads. */
const MIN_PART_BYTES = 5 * MIB;
const MAX_PART_BYTES = 5 * 1024 * MIB;
const MAX_PARTS = 10_000;
/** The SDK retries every request this often in all; our own part retries come on top. */
const SDK_MAX_ATTEMPTS = 4;
const RETRY_MAX_DELAY_MS = 20_000;
/** Downloads hold a socket while the client reads, so the SDK's default of 50 would queue busy servers. */
const MAX_SOCKETS = 256;
const CONNECTION_TIMEOUT_MS = 10_000;
/** A socket silent this long is dead; long enough for a download whose client reads slowly. */
const SOCKET_IDLE_TIMEOUT_MS = 300_000;

export const DEFAULT_ARCHIVAL_STORAGE_CLASSES: readonly string[] = ['GLACIER', 'DEEP_ARCHIVE'];

export interface S3ObjectStoreOptions {
  /**
   * Storage classes whose objects must be restored before they can be read. Default `GLACIER` and
   * `DEEP_ARCHIVE`; a site whose S3 service has its own tape class lists it here with them.
   * (`GLACIER_IR` is read directly and is not archival.)
   */
  readonly archivalStorageClasses?: readonly string[];
  /**
   * Attempts at each buffered upload (a part, or a whole small object) before the put fails, each made of
   * the SDK's own attempts. Default 4.
   */
  readonly uploadAttempts?: number;
  /** First backoff between our attempts; it doubles each time, with full jitter. Default 500 ms. */
  readonly retryBaseDelayMs?: number;
}

interface Part {
  readonly data: Buffer;
  readonly isLast: boolean;
}

type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * Objects in one bucket of an S3-compatible service. Bodies stream through in parts (at most two buffered):
 * one `PutObject` for a body that fits in a part, else a multipart upload that is aborted on any failure,
 * so that nothing appears under the key. Every part carries its SHA-256 for the server to check.
 */
export class S3ObjectStore extends ObjectStore implements OnModuleDestroy {
  private readonly logger = new Logger(S3ObjectStore.name);
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly archivalStorageClasses: ReadonlySet<string>;
  private readonly uploadAttempts: number;
  private readonly retryBaseDelayMs: number;

  constructor(
    private readonly settings: S3Settings,
    options: S3ObjectStoreOptions = {},
  ) {
    super();
    if (settings.partSizeBytes < MIN_PART_BYTES || settings.partSizeBytes > MAX_PART_BYTES) {
      throw new RangeError(`S3 part size must be 5 MiB to 5 GiB, not ${settings.partSizeBytes} bytes`);
    }
    this.bucket = settings.bucket;
    this.archivalStorageClasses = new Set(
      options.archivalStorageClasses ?? settings.archivalStorageClasses ?? DEFAULT_ARCHIVAL_STORAGE_CLASSES,
    );
    this.uploadAttempts = options.uploadAttempts ?? 4;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      // A copy: the SDK marks the credentials object it is given, and the configuration is frozen.
      ...(settings.credentials === undefined ? {} : { credentials: { ...settings.credentials } }),
      // We send SHA-256 checksums we computed ourselves; the SDK's default would add CRC32 trailers that
      // not every S3-compatible server accepts.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: SDK_MAX_ATTEMPTS,
      requestHandler: {
        connectionTimeout: CONNECTION_TIMEOUT_MS,
        requestTimeout: SOCKET_IDLE_TIMEOUT_MS,
        httpAgent: new HttpAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
        httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
      },
    });
  }

  /** Fails with a message naming endpoint and bucket unless the bucket answers. */
  async verifyBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      throw new Error(
        `S3 bucket "${this.bucket}" at ${this.settings.endpoint} is not reachable (${describeError(error)}); ` +
          'check S3_ENDPOINT, S3_BUCKET and the credentials',
        { cause: error },
      );
    }
  }

  onModuleDestroy(): void {
    this.client.destroy();
  }

  async put(key: string, body: Readable, options: PutOptions = {}): Promise<StoredObject> {
    assertValidObjectKey(key);
    const storageClass = options.storageClass ?? STANDARD;
    const hash = createHash('sha256');
    let sizeBytes = 0;
    const parts = partsOf(body, partSizeFor(this.settings.partSizeBytes, options.sizeBytes), (chunk) => {
      hash.update(chunk);
      sizeBytes += chunk.length;
    });
    try {
      const first = await parts.next();
      if (first.done === true) throw new Error('unreachable: partsOf always yields a last part');
      const stored = first.value.isLast
        ? await this.putWhole(key, first.value.data, options.storageClass)
        : await this.putInParts(key, first.value, parts, options.storageClass, () => sizeBytes);
      return {
        key,
        sizeBytes,
        sha256: hash.digest('hex'),
        serverChecksum: stored.serverChecksum,
        storageClass,
      };
    } finally {
      // Ends the body too when we stopped reading it early (a failed upload), as a failed pipeline would.
      await parts.return();
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    assertValidObjectKey(key);
    try {
      const response = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          ...(range === undefined ? {} : { Range: `bytes=${range.start}-${range.end}` }),
        }),
      );
      if (!(response.Body instanceof Readable))
        throw new Error('the S3 client returned a body that is no stream');
      return range === undefined ? response.Body : exactRange(response.Body, range, response.ContentRange);
    } catch (error) {
      if (errorName(error) === 'NoSuchKey') throw new ObjectNotFoundError(key);
      if (errorName(error) === 'InvalidObjectState') {
        throw new ObjectArchivedError(key, (error as { StorageClass?: string }).StorageClass);
      }
      throw error;
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    assertValidObjectKey(key);
    let response;
    try {
      response = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: key, ChecksumMode: 'ENABLED' }),
      );
    } catch (error) {
      if (httpStatusOf(error) === 404) return undefined;
      throw error;
    }
    const storageClass = response.StorageClass ?? STANDARD;
    const archived = this.archivalStorageClasses.has(storageClass);
    return {
      key,
      sizeBytes: response.ContentLength ?? 0,
      storageClass,
      archived,
      restore: archived ? restoreOf(response.Restore, new Date()) : { state: 'available', expiresAt: null },
      serverChecksum: serverChecksumOf(response),
    };
  }

  async delete(key: string): Promise<void> {
    assertValidObjectKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async requestRestore(key: string, days: number): Promise<RestoreState> {
    if (!Number.isInteger(days) || days < 1)
      throw new RangeError(`restore days must be a whole number ≥ 1, not ${days}`);
    const info = await this.head(key);
    if (info === undefined) throw new ObjectNotFoundError(key);
    if (!info.archived) return 'available';
    try {
      const response = await this.client.send(
        new RestoreObjectCommand({
          Bucket: this.bucket,
          Key: key,
          RestoreRequest: { Days: days, GlacierJobParameters: { Tier: 'Standard' } },
        }),
      );
      // 202: recall started; 200: a restored copy exists already (its expiry is now extended).
      return response.$metadata.httpStatusCode === 200 ? 'available' : 'in-progress';
    } catch (error) {
      const name = errorName(error);
      if (name === 'RestoreAlreadyInProgress') return 'in-progress';
      // The object left its archival class since we looked.
      if (name === 'ObjectAlreadyInActiveTierError') return 'available';
      if (name === 'NoSuchKey') throw new ObjectNotFoundError(key);
      throw error;
    }
  }

  private async putWhole(
    key: string,
    data: Buffer,
    storageClass: string | undefined,
  ): Promise<{ serverChecksum: string | null }> {
    const response = await this.withRetries(`upload of ${key}`, () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: data,
          ContentLength: data.length,
          ChecksumSHA256: sha256Base64(data),
          ...(storageClass === undefined ? {} : { StorageClass: storageClass as StorageClass }),
        }),
      ),
    );
    return { serverChecksum: serverChecksumOf(response) };
  }

  private async putInParts(
    key: string,
    first: Part,
    rest: AsyncGenerator<Part, void>,
    storageClass: string | undefined,
    bytesRead: () => number,
  ): Promise<{ serverChecksum: string | null }> {
    await this.abortUploadsOf(key);
    const created = await this.client.send(
      new CreateMultipartUploadCommand({
        Bucket: this.bucket,
        Key: key,
        ChecksumAlgorithm: 'SHA256',
        ...(storageClass === undefined ? {} : { StorageClass: storageClass as StorageClass }),
      }),
    );
    const uploadId = created.UploadId;
    if (uploadId === undefined) throw new Error(`S3 started no multipart upload for ${key}`);
    const completed: CompletedPart[] = [];
    // The part being uploaded while the next one fills; a settled promise, so it never rejects unobserved.
    let inFlight: Promise<Settled<CompletedPart>> | undefined;
    try {
      let part = first;
      for (let partNumber = 1; ; partNumber += 1) {
        if (partNumber > MAX_PARTS) {
          throw new Error(
            `${key} needs more than ${MAX_PARTS} parts of ${part.data.length} bytes; pass sizeBytes to put or raise APDC_S3_PART_SIZE_MB`,
          );
        }
        // partsOf refills the buffer of the part before this one: that part must be done first.
        if (inFlight !== undefined) completed.push(valueOf(await inFlight));
        inFlight = settle(this.uploadPart(key, uploadId, partNumber, part.data));
        if (part.isLast) break;
        const next = await rest.next();
        if (next.done === true) break;
        part = next.value;
      }
      completed.push(valueOf(await inFlight));
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: completed },
        }),
      );
    } catch (error) {
      if (inFlight !== undefined) await inFlight;
      await this.abortQuietly(key, uploadId);
      throw error;
    }
    // The completion answer's checksum form differs between servers; HEAD gives the one head() reports.
    const info = await this.head(key);
    if (info?.sizeBytes !== bytesRead()) {
      await this.delete(key);
      throw new Error(
        `S3 stored ${info?.sizeBytes ?? 'no'} bytes under ${key} after ${bytesRead()} were sent`,
      );
    }
    return { serverChecksum: info.serverChecksum };
  }

  private async uploadPart(
    key: string,
    uploadId: string,
    partNumber: number,
    data: Buffer,
  ): Promise<CompletedPart> {
    const checksum = sha256Base64(data);
    const response = await this.withRetries(`part ${partNumber} of ${key}`, () =>
      this.client.send(
        new UploadPartCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber: partNumber,
          Body: data,
          ContentLength: data.length,
          ChecksumSHA256: checksum,
        }),
      ),
    );
    if (response.ETag === undefined) throw new Error(`S3 returned no ETag for part ${partNumber} of ${key}`);
    return {
      PartNumber: partNumber,
      ETag: response.ETag,
      ChecksumSHA256: response.ChecksumSHA256 ?? checksum,
    };
  }

  /**
   * Aborts the unfinished multipart uploads to exactly `key`: a writer killed mid-upload leaves its parts
   * stored (and billed) until then. Keys have one writer at a time, so none of these is still in use.
   */
  private async abortUploadsOf(key: string): Promise<void> {
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    for (;;) {
      const page = await this.client.send(
        new ListMultipartUploadsCommand({
          Bucket: this.bucket,
          Prefix: key,
          ...(keyMarker === undefined ? {} : { KeyMarker: keyMarker }),
          ...(uploadIdMarker === undefined ? {} : { UploadIdMarker: uploadIdMarker }),
        }),
      );
      for (const upload of page.Uploads ?? []) {
        if (upload.Key === key && upload.UploadId !== undefined) {
          this.logger.warn(`Aborting an abandoned multipart upload to ${key} (${upload.UploadId})`);
          await this.client.send(
            new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: upload.UploadId }),
          );
        }
      }
      if (page.IsTruncated !== true) return;
      keyMarker = page.NextKeyMarker;
      uploadIdMarker = page.NextUploadIdMarker;
    }
  }

  private async abortQuietly(key: string, uploadId: string): Promise<void> {
    try {
      await this.client.send(
        new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }),
      );
    } catch (error) {
      // The next put to this key aborts it, as does a bucket lifecycle rule for incomplete uploads.
      this.logger.warn(`Could not abort multipart upload ${uploadId} to ${key}: ${describeError(error)}`);
    }
  }

  /** Our own retries around the SDK's, with exponential backoff and full jitter: parts are buffered, so replayable. */
  private async withRetries<T>(what: string, operation: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await operation();
      } catch (error) {
        if (attempt >= this.uploadAttempts || !isTransientS3Error(error)) throw error;
        const delayMs =
          Math.random() * Math.min(RETRY_MAX_DELAY_MS, this.retryBaseDelayMs * 2 ** (attempt - 1));
        this.logger.warn(
          `${what} failed (${describeError(error)}); attempt ${attempt + 1} in ${Math.round(delayMs)} ms`,
        );
        await sleep(delayMs);
      }
    }
  }
}

/** The configured part size, raised (to whole MiB) when a body of `sizeBytes` would need more than 10,000 parts. */
export function partSizeFor(configuredBytes: number, sizeBytes: number | undefined): number {
  if (sizeBytes === undefined || sizeBytes <= configuredBytes * MAX_PARTS) return configuredBytes;
  const needed = Math.ceil(Math.ceil(sizeBytes / MAX_PARTS) / MIB) * MIB;
  if (needed > MAX_PART_BYTES) throw new RangeError(`${sizeBytes} bytes exceed what S3 stores in one object`);
  return needed;
}

/**
 * Cuts a body into parts of `partSize` bytes, the last one shorter (and the only one, possibly empty, for
 * a short body). A part is yielded once a byte after it has arrived, so `isLast` is known. Two buffers take
 * turns: a yielded part's bytes stay intact until the part after it has been yielded and the caller asks
 * for more.
 */
export async function* partsOf(
  body: AsyncIterable<unknown> | Iterable<unknown>,
  partSize: number,
  onChunk: (chunk: Buffer) => void,
): AsyncGenerator<Part, void> {
  const buffers: [Buffer, Buffer | undefined] = [Buffer.allocUnsafe(partSize), undefined];
  let current = 0;
  let part = buffers[0];
  let filled = 0;
  for await (const received of body) {
    const chunk = toBuffer(received);
    onChunk(chunk);
    let offset = 0;
    while (offset < chunk.length) {
      if (filled === partSize) {
        yield { data: part, isLast: false };
        current = 1 - current;
        part = buffers[current] ?? (buffers[1] = Buffer.allocUnsafe(partSize));
        filled = 0;
      }
      const copied = chunk.copy(part, filled, offset);
      filled += copied;
      offset += copied;
    }
  }
  yield { data: part.subarray(0, filled), isLast: true };
}

/**
 * The checksum an S3 response shows for an object, in the form {@link StoredObject.serverChecksum}
 * documents: the SHA-256 the server keeps when it keeps one, else the ETag without its quotes.
 */
export function serverChecksumOf(response: { ChecksumSHA256?: string; ETag?: string }): string | null {
  if (response.ChecksumSHA256 !== undefined && response.ChecksumSHA256 !== '') {
    return `sha256:${response.ChecksumSHA256}`;
  }
  if (response.ETag !== undefined && response.ETag !== '') return `etag:${response.ETag.replaceAll('"', '')}`;
  return null;
}

/**
 * Reads the `x-amz-restore` header of an archived object: absent until a restore is asked for,
 * `ongoing-request="true"` during the recall, then `ongoing-request="false", expiry-date="<RFC 1123>"`.
 */
export function restoreOf(header: string | undefined, now: Date): ObjectInfo['restore'] {
  const notRequested = { state: 'not-requested', expiresAt: null } as const;
  if (header === undefined) return notRequested;
  const ongoing = /ongoing-request\s*=\s*"(true|false)"/i.exec(header)?.[1]?.toLowerCase();
  if (ongoing === 'true') return { state: 'in-progress', expiresAt: null };
  if (ongoing !== 'false') return notRequested;
  const expiry = /expiry-date\s*=\s*"([^"]+)"/i.exec(header)?.[1];
  const expiresAt = expiry === undefined ? null : new Date(expiry);
  if (expiresAt === null || Number.isNaN(expiresAt.getTime())) return { state: 'available', expiresAt: null };
  return expiresAt.getTime() <= now.getTime() ? notRequested : { state: 'available', expiresAt };
}

const TRANSIENT_ERROR_NAMES = new Set([
  'InternalError',
  'ServiceUnavailable',
  'SlowDown',
  'RequestTimeout',
  'RequestTimeTooSkewed',
  'TimeoutError',
  // Bytes damaged on the way; ours are buffered and intact, so sending them again is the cure.
  'BadDigest',
  'XAmzContentSHA256Mismatch',
]);
const TRANSIENT_NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

/** Whether sending the same request again may succeed (server errors, throttling, network failures). */
export function isTransientS3Error(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = httpStatusOf(error);
  if (status !== undefined && (status >= 500 || status === 429 || status === 408)) return true;
  if (TRANSIENT_ERROR_NAMES.has(error.name)) return true;
  const code = (error as NodeJS.ErrnoException).code;
  return code !== undefined && TRANSIENT_NETWORK_CODES.has(code);
}

function httpStatusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const status = httpStatusOf(error);
  const code = (error as NodeJS.ErrnoException).code;
  return [error.name, status === undefined ? undefined : `HTTP ${status}`, code, error.message]
    .filter((part) => part !== undefined && part !== '')
    .join(', ');
}

function sha256Base64(data: Buffer): string {
  return createHash('sha256').update(data).digest('base64');
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk);
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError('object bodies must stream bytes or strings');
}

async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

function valueOf<T>(settled: Settled<T>): T {
  if (settled.ok) return settled.value;
  throw settled.error;
}

/**
 * The requested bytes of a ranged GET, checked against `Content-Range`: some servers answer `bytes=0-0`
 * (s3rver) or an unsupported range with more than was asked, which must not reach a client as the range.
 */
function exactRange(body: Readable, range: ByteRange, contentRange: string | undefined): Readable {
  const match = /^bytes (\d+)-(\d+)\/(?:\d+|\*)$/.exec(contentRange ?? '');
  if (match === null || Number(match[1]) !== range.start) {
    body.destroy();
    throw new Error(
      `S3 answered the range ${range.start}-${range.end} with ${contentRange ?? 'the whole object'}`,
    );
  }
  if (Number(match[2]) <= range.end) return body;
  return Readable.from(firstBytes(body, range.end - range.start + 1), { objectMode: false });
}

async function* firstBytes(source: Readable, count: number): AsyncGenerator<Buffer> {
  let remaining = count;
  for await (const chunk of source) {
    const bytes = toBuffer(chunk);
    if (bytes.length >= remaining) {
      yield bytes.subarray(0, remaining);
      return;
    }
    remaining -= bytes.length;
    yield bytes;
  }
}
