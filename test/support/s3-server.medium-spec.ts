import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AbortMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  RestoreObjectCommand,
  S3Client,
  type StorageClass,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type S3Server, startS3Server } from './s3-server.js';

const RECALL_DELAY_MS = 200;

describe(startS3Server.name, () => {
  let server: S3Server;
  let client: S3Client;

  beforeAll(async () => {
    server = await startS3Server({ recallDelayMs: RECALL_DELAY_MS, restoreLifetimeMs: 60_000 });
    client = new S3Client({ ...server.settings, credentials: server.settings.credentials!, maxAttempts: 1 });
  });

  afterAll(async () => {
    client.destroy();
    await server.stop();
  });

  function put(key: string, body: string, storageClass?: string) {
    return client.send(
      new PutObjectCommand({
        Bucket: server.bucket,
        Key: key,
        Body: body,
        ...(storageClass === undefined ? {} : { StorageClass: storageClass as StorageClass }),
      }),
    );
  }

  function restore(key: string) {
    return client.send(
      new RestoreObjectCommand({
        Bucket: server.bucket,
        Key: key,
        RestoreRequest: { Days: 1, GlacierJobParameters: { Tier: 'Standard' } },
      }),
    );
  }

  it('describes itself for the service: env, settings and the endpoint on 127.0.0.1', () => {
    expect(server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.env).toEqual({
      S3_ENDPOINT: server.endpoint,
      S3_BUCKET: server.bucket,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
      APDC_S3_ARCHIVAL_STORAGE_CLASSES: 'GLACIER,DEEP_ARCHIVE',
    });
    expect(server.settings.archivalStorageClasses).toEqual(['GLACIER', 'DEEP_ARCHIVE']);
  });

  it('answers restore requests as Glacier does: 202, then 409 during the recall, then 200, with x-amz-restore on HEAD', async () => {
    await put('tape/a', 'on tape', 'GLACIER');
    const recallCount = server.tape.recallCount;
    await expect(
      client.send(new GetObjectCommand({ Bucket: server.bucket, Key: 'tape/a' })),
    ).rejects.toMatchObject({
      name: 'InvalidObjectState',
      $metadata: { httpStatusCode: 403 },
    });
    expect(
      (await client.send(new HeadObjectCommand({ Bucket: server.bucket, Key: 'tape/a' }))).Restore,
    ).toBeUndefined();

    expect((await restore('tape/a')).$metadata.httpStatusCode).toBe(202);
    await expect(restore('tape/a')).rejects.toMatchObject({
      name: 'RestoreAlreadyInProgress',
      $metadata: { httpStatusCode: 409 },
    });
    expect((await client.send(new HeadObjectCommand({ Bucket: server.bucket, Key: 'tape/a' }))).Restore).toBe(
      'ongoing-request="true"',
    );

    await sleep(RECALL_DELAY_MS + 50);
    const restored = await client.send(new HeadObjectCommand({ Bucket: server.bucket, Key: 'tape/a' }));
    expect(restored.Restore).toMatch(
      /^ongoing-request="false", expiry-date="\w{3}, \d{2} \w{3} \d{4} [\d:]{8} GMT"$/,
    );
    expect((await restore('tape/a')).$metadata.httpStatusCode).toBe(200);
    const read = await client.send(new GetObjectCommand({ Bucket: server.bucket, Key: 'tape/a' }));
    expect(await read.Body?.transformToString()).toBe('on tape');
    expect(server.tape.recallCount).toBe(recallCount + 1);

    await put('tape/a', 'written again', 'GLACIER');
    await expect(
      client.send(new GetObjectCommand({ Bucket: server.bucket, Key: 'tape/a' })),
    ).rejects.toMatchObject({
      name: 'InvalidObjectState',
    });
  });

  it('refuses restores of missing objects (404) and of objects not on tape (403)', async () => {
    await expect(restore('tape/missing')).rejects.toMatchObject({
      name: 'NoSuchKey',
      $metadata: { httpStatusCode: 404 },
    });
    await put('disk/a', 'on disk');
    await expect(restore('disk/a')).rejects.toMatchObject({
      name: 'InvalidObjectState',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('answers an abort of an unknown multipart upload with NoSuchUpload', async () => {
    await expect(
      client.send(
        new AbortMultipartUploadCommand({ Bucket: server.bucket, Key: 'disk/a', UploadId: 'nope' }),
      ),
    ).rejects.toMatchObject({ name: 'NoSuchUpload', $metadata: { httpStatusCode: 404 } });
  });

  it('injects failures with S3 error codes for matching requests only', async () => {
    server.tape.failNextRequests(1, 503, (method) => method === 'PUT');
    await expect(put('disk/slow', 'x')).rejects.toMatchObject({
      name: 'SlowDown',
      $metadata: { httpStatusCode: 503 },
    });
    server.tape.failNextRequests(
      1,
      500,
      (method, url) => method === 'GET' && url.pathname.endsWith('/disk/other'),
    );
    await put('disk/slow', 'x');
    await expect(
      client.send(new GetObjectCommand({ Bucket: server.bucket, Key: 'disk/slow' })),
    ).resolves.toBeDefined();
    await expect(
      client.send(new GetObjectCommand({ Bucket: server.bucket, Key: 'disk/other' })),
    ).rejects.toMatchObject({
      name: 'InternalError',
      $metadata: { httpStatusCode: 500 },
    });
  });

  it('rejects storage class names that are not AWS’s (s3rver 3.7 knows no site tape class)', async () => {
    await expect(put('tape/custom', 'x', 'TAPE')).rejects.toMatchObject({ name: 'InvalidStorageClass' });
  });

  it('shows where the bytes of an object are kept, and flips one of them', async () => {
    await put('disk/nested/bytes', 'abc');
    expect(readFileSync(server.objectPath('disk/nested/bytes'), 'utf8')).toBe('abc');
    await server.flipByte('disk/nested/bytes', 1);
    expect([...readFileSync(server.objectPath('disk/nested/bytes'))]).toEqual([0x61, 0x62 ^ 0xff, 0x63]);
  });

  it('removes its data directory when stopped', async () => {
    const other = await startS3Server();
    await other.stop();
    expect(existsSync(other.dataDirectory)).toBe(false);
  });
});
