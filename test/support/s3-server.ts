import { mkdtempSync } from 'node:fs';
import { open, readFile, readdir, rm, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { S3Settings } from '@apdc/platform';
import { type TapeStandIn, escapeXml, startTapeStandIn } from './tape-stand-in.js';

export interface S3ServerOptions {
  /** Time a recall from tape takes (see {@link startTapeStandIn}). Default 0. */
  readonly recallDelayMs?: number;
  /** How long a restored copy stays readable; default the `Days` of the restore request. */
  readonly restoreLifetimeMs?: number;
  /**
   * Storage classes the stand-in keeps on tape. Default `GLACIER` and `DEEP_ARCHIVE`. s3rver accepts only
   * AWS's class names (`STANDARD`, `REDUCED_REDUNDANCY`, `STANDARD_IA`, `ONEZONE_IA`, `INTELLIGENT_TIERING`,
   * `GLACIER`, `DEEP_ARCHIVE`, `OUTPOSTS`), so a site's own tape class must be played by one of them.
   */
  readonly archivalStorageClasses?: readonly string[];
}

export interface S3Server {
  /** The S3 endpoint (the tape stand-in in front of s3rver), e.g. `http://127.0.0.1:41234`. */
  readonly endpoint: string;
  readonly bucket: string;
  /** Where s3rver keeps buckets, objects and unfinished multipart uploads. */
  readonly dataDirectory: string;
  /** The service's environment for this server: `S3_ENDPOINT`, `S3_BUCKET`, `S3_REGION`, credentials, path style. */
  readonly env: Readonly<Record<string, string>>;
  /** The same as settings for `new S3ObjectStore(...)`, with the smallest part size S3 allows (5 MiB). */
  readonly settings: S3Settings;
  /** The tape stand-in: recall counter and fault injection. */
  readonly tape: TapeStandIn;
  /** The file in which s3rver keeps the bytes of the object under `key`. */
  objectPath(key: string): string;
  /** Inverts one byte of a stored object behind the server's back, as bit rot would. */
  flipByte(key: string, offset: number): Promise<void>;
  stop(): Promise<void>;
}

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  vhostBuckets: boolean;
  configureBuckets: { name: string }[];
}) => S3rverInstance;

const BUCKET = 'apdc-test';
/** s3rver's only account. */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
/** s3rver's file names: `<key's last segment>._S3rver_<resource>`, uploads in `<bucket>/._S3rver_uploads/<id>/`. */
const S3RVER_SUFFIX = '._S3rver_';

/**
 * A real S3-compatible server on 127.0.0.1 for tests: s3rver on a free port in a fresh temporary
 * directory, with one bucket, behind the tape stand-in (archival storage classes, restores, fault
 * injection). The stand-in also answers the two multipart calls s3rver lacks (ListMultipartUploads and
 * AbortMultipartUpload) from s3rver's own upload directories. `stop()` removes everything.
 */
export async function startS3Server(options: S3ServerOptions = {}): Promise<S3Server> {
  // s3rver is CommonJS without types; requiring it directly works the same under jest's ESM mode and tsc.
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;
  const dataDirectory = mkdtempSync(path.join(os.tmpdir(), 'apdc-s3-'));
  const s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dataDirectory,
    vhostBuckets: false,
    configureBuckets: [{ name: BUCKET }],
  });
  const { port } = await s3rver.run();
  const archivalStorageClasses = options.archivalStorageClasses ?? ['GLACIER', 'DEEP_ARCHIVE'];
  const tape = await startTapeStandIn({
    upstream: `http://127.0.0.1:${port}`,
    archivalStorageClasses,
    ...(options.recallDelayMs === undefined ? {} : { recallDelayMs: options.recallDelayMs }),
    ...(options.restoreLifetimeMs === undefined ? {} : { restoreLifetimeMs: options.restoreLifetimeMs }),
    answerLocally: (request, response, url) =>
      answerMissingMultipartCalls(dataDirectory, request, response, url),
  });

  function objectPath(key: string): string {
    const segments = key.split('/');
    const last = segments.pop() ?? '';
    return path.join(dataDirectory, BUCKET, ...segments, `${last}${S3RVER_SUFFIX}object`);
  }

  return {
    endpoint: tape.url,
    bucket: BUCKET,
    dataDirectory,
    env: {
      S3_ENDPOINT: tape.url,
      S3_BUCKET: BUCKET,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
      APDC_S3_ARCHIVAL_STORAGE_CLASSES: archivalStorageClasses.join(','),
    },
    settings: {
      endpoint: tape.url,
      bucket: BUCKET,
      region: 'us-east-1',
      credentials: CREDENTIALS,
      forcePathStyle: true,
      partSizeBytes: 5 * 1024 * 1024,
      archivalStorageClasses,
    },
    tape,
    objectPath,
    async flipByte(key, offset) {
      const handle = await open(objectPath(key), 'r+');
      try {
        const byte = Buffer.alloc(1);
        const { bytesRead } = await handle.read(byte, 0, 1, offset);
        if (bytesRead !== 1) throw new RangeError(`${key} has no byte at offset ${offset}`);
        byte[0] = (byte[0] ?? 0) ^ 0xff;
        await handle.write(byte, 0, 1, offset);
      } finally {
        await handle.close();
      }
    },
    async stop() {
      await tape.stop();
      await s3rver.close();
      await rm(dataDirectory, { recursive: true, force: true });
    },
  };
}

/**
 * ListMultipartUploads (`GET /<bucket>?uploads`) and AbortMultipartUpload (`DELETE /<bucket>/<key>?uploadId=`),
 * which s3rver 3.7 answers with 501 and 405, done on its upload directories. Listing ignores markers and
 * limits: tests have few uploads.
 */
async function answerMissingMultipartCalls(
  dataDirectory: string,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<boolean> {
  const [bucket = '', ...keySegments] = url.pathname.slice(1).split('/').map(decodeURIComponent);
  const key = keySegments.join('/');
  const uploadsDirectory = path.join(dataDirectory, bucket, `${S3RVER_SUFFIX}uploads`);
  if (request.method === 'GET' && key === '' && url.searchParams.has('uploads')) {
    const prefix = url.searchParams.get('prefix') ?? '';
    const uploads: string[] = [];
    for (const uploadId of await readdir(uploadsDirectory).catch(() => [])) {
      const uploadKey = await readFile(path.join(uploadsDirectory, uploadId, 'key'), 'utf8').catch(
        () => undefined,
      );
      if (uploadKey === undefined || !uploadKey.startsWith(prefix)) continue;
      const initiated = (await stat(path.join(uploadsDirectory, uploadId))).mtime.toISOString();
      uploads.push(
        `<Upload><Key>${escapeXml(uploadKey)}</Key><UploadId>${uploadId}</UploadId>` +
          `<Initiated>${initiated}</Initiated><StorageClass>STANDARD</StorageClass></Upload>`,
      );
    }
    sendXml(
      response,
      200,
      `<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>${escapeXml(bucket)}</Bucket>` +
        `<Prefix>${escapeXml(prefix)}</Prefix><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>` +
        `${uploads.join('')}</ListMultipartUploadsResult>`,
    );
    return true;
  }
  const uploadId = url.searchParams.get('uploadId');
  if (request.method === 'DELETE' && key !== '' && uploadId !== null) {
    const uploadDirectory = path.join(uploadsDirectory, path.basename(uploadId));
    const uploadKey = await readFile(path.join(uploadDirectory, 'key'), 'utf8').catch(() => undefined);
    if (uploadKey !== key) {
      sendXml(
        response,
        404,
        '<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>',
      );
      return true;
    }
    await rm(uploadDirectory, { recursive: true, force: true });
    response.writeHead(204).end();
    return true;
  }
  return false;
}

function sendXml(response: ServerResponse, status: number, xml: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
  response.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}
