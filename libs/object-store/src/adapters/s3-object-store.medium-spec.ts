import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { buffer, text } from 'node:stream/consumers';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { NestFactory } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadAppConfig } from '@apdc/platform';
import { type S3Server, startS3Server } from '../../../../test/support/s3-server.js';
import { ObjectArchivedError } from '../errors.js';
import { describeObjectStoreContract, patternedBytes } from '../object-store.contract.js';
import { ObjectStoreModule } from '../object-store.module.js';
import { ObjectStore, type RestoreState } from '../ports/object-store.port.js';
import { S3ObjectStore } from './s3-object-store.js';

const MIB = 1024 * 1024;
const RECALL_DELAY_MS = 300;
const RESTORE_LIFETIME_MS = 1_000;

let server: S3Server;
let sut: S3ObjectStore;
let raw: S3Client;

beforeAll(async () => {
  server = await startS3Server({ recallDelayMs: RECALL_DELAY_MS, restoreLifetimeMs: RESTORE_LIFETIME_MS });
  sut = new S3ObjectStore(server.settings, { retryBaseDelayMs: 10 });
  raw = new S3Client({ ...server.settings, credentials: server.settings.credentials! });
});

afterAll(async () => {
  sut.onModuleDestroy();
  raw.destroy();
  await server.stop();
});

// First, while the process has not yet grown for the other tests.
describe(`${S3ObjectStore.name} memory`, () => {
  it('streams 256 MiB with 16 MiB parts in bounded memory', async () => {
    const store = new S3ObjectStore({ ...server.settings, partSizeBytes: 16 * MIB });
    const chunk = patternedBytes(MIB);
    const expected = createHash('sha256');
    function* body(): Generator<Buffer> {
      for (let index = 0; index < 256; index += 1) {
        const copy = Buffer.from(chunk);
        copy.writeUInt32LE(index, 0);
        expected.update(copy);
        yield copy;
      }
    }
    try {
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
      const started = Date.now();
      const stored = await store.put('files/big', Readable.from(body()), { sizeBytes: 256 * MIB });
      clearInterval(sampler);
      const growthMiB = (peak - baseline) / MIB;
      console.log(
        `256 MiB through S3ObjectStore (16 MiB parts, s3rver behind the stand-in, one process): ` +
          `${Date.now() - started} ms, RSS ${(baseline / MIB).toFixed(0)} → peak ${(peak / MIB).toFixed(0)} MiB ` +
          `(+${growthMiB.toFixed(0)} MiB)`,
      );
      expect(stored.sha256).toBe(expected.digest('hex'));
      expect(stored.sizeBytes).toBe(256 * MIB);
      // Holding the body would take 256 MiB; the rest of the growth is chunks of the in-process proxy and s3rver awaiting GC.
      expect(growthMiB).toBeLessThan(160);
    } finally {
      await store.delete('files/big');
      store.onModuleDestroy();
    }
  }, 120_000);
});

describeObjectStoreContract(`${S3ObjectStore.name} on s3rver`, () => sut);

describe(`${S3ObjectStore.name} with archival storage classes`, () => {
  it('refuses reads of an archived object until a recall completes, and again once the restored copy expires', async () => {
    const stored = await sut.put('archive/recalled', Readable.from(['from tape']), {
      storageClass: 'GLACIER',
    });
    expect(stored.storageClass).toBe('GLACIER');
    expect(await sut.head('archive/recalled')).toMatchObject({
      storageClass: 'GLACIER',
      archived: true,
      restore: { state: 'not-requested', expiresAt: null },
      serverChecksum: stored.serverChecksum,
    });
    await expect(sut.get('archive/recalled')).rejects.toBeInstanceOf(ObjectArchivedError);
    const recallsBefore = server.tape.recallCount;

    expect(await sut.requestRestore('archive/recalled', 1)).toBe('in-progress');
    expect(await sut.requestRestore('archive/recalled', 1)).toBe('in-progress');
    expect(server.tape.recallCount).toBe(recallsBefore + 1);
    expect((await sut.head('archive/recalled'))?.restore).toEqual({ state: 'in-progress', expiresAt: null });
    await expect(sut.get('archive/recalled')).rejects.toBeInstanceOf(ObjectArchivedError);

    await waitForRestoreState('archive/recalled', 'available');
    const restore = (await sut.head('archive/recalled'))?.restore;
    expect(restore?.expiresAt?.getTime()).toBeGreaterThan(Date.now() - 1_000);
    expect(await text(await sut.get('archive/recalled'))).toBe('from tape');
    expect(await text(await sut.get('archive/recalled', { start: 5, end: 8 }))).toBe('tape');
    expect(await sut.requestRestore('archive/recalled', 1)).toBe('available');
    expect(server.tape.recallCount).toBe(recallsBefore + 1);

    await waitForRestoreState('archive/recalled', 'not-requested');
    await expect(sut.get('archive/recalled')).rejects.toMatchObject({
      code: 'object-store.archived',
      storageClass: 'GLACIER',
    });
  });

  it('treats DEEP_ARCHIVE as archival, and a multipart upload keeps its storage class', async () => {
    const bytes = patternedBytes(5 * MIB + 1);
    const stored = await sut.put('archive/deep', Readable.from([bytes]), { storageClass: 'DEEP_ARCHIVE' });
    expect(await sut.head('archive/deep')).toMatchObject({
      storageClass: 'DEEP_ARCHIVE',
      archived: true,
      sizeBytes: bytes.length,
      serverChecksum: stored.serverChecksum,
    });
    await expect(sut.get('archive/deep', { start: 0, end: 9 })).rejects.toBeInstanceOf(ObjectArchivedError);
  });

  it("treats a site's own tape class as archival when configured (REDUCED_REDUNDANCY plays it: s3rver knows only AWS's names)", async () => {
    const tapeClasses = ['GLACIER', 'DEEP_ARCHIVE', 'REDUCED_REDUNDANCY'];
    const siteServer = await startS3Server({ archivalStorageClasses: tapeClasses });
    const siteStore = new S3ObjectStore(siteServer.settings, { archivalStorageClasses: tapeClasses });
    try {
      await siteStore.put('archive/site-tape', Readable.from(['on site tape']), {
        storageClass: 'REDUCED_REDUNDANCY',
      });
      expect(await siteStore.head('archive/site-tape')).toMatchObject({ archived: true });
      await expect(siteStore.get('archive/site-tape')).rejects.toBeInstanceOf(ObjectArchivedError);
      expect(await siteStore.requestRestore('archive/site-tape', 1)).toBe('in-progress');
      expect(await siteStore.requestRestore('archive/site-tape', 1)).toBe('available');
      expect(await text(await siteStore.get('archive/site-tape'))).toBe('on site tape');
      expect(siteServer.tape.recallCount).toBe(1);
    } finally {
      siteStore.onModuleDestroy();
      await siteServer.stop();
    }
  });
});

describe(`${S3ObjectStore.name} multipart uploads`, () => {
  it('leaves no object and no unfinished upload when the body fails after some parts went up', async () => {
    let uploadsWhileSending: number | undefined;
    async function* failingAfterTwoParts(): AsyncGenerator<Buffer> {
      yield patternedBytes(11 * MIB);
      // Readable.from asks for more at once; the failure comes once the multipart upload is under way.
      const deadline = Date.now() + 5_000;
      do {
        uploadsWhileSending = (await unfinishedUploads('files/interrupted')).length;
      } while (uploadsWhileSending === 0 && Date.now() < deadline && (await sleep(20)) === undefined);
      throw new Error('client went away');
    }
    await expect(sut.put('files/interrupted', Readable.from(failingAfterTwoParts()))).rejects.toThrow(
      'client went away',
    );
    expect(uploadsWhileSending).toBe(1);
    expect(await sut.head('files/interrupted')).toBeUndefined();
    expect(await unfinishedUploads('files/interrupted')).toEqual([]);
  });

  it('aborts the upload a killed writer left for the same key, and only for that key, before a new one', async () => {
    for (const key of ['files/stale', 'files/stale-sibling']) {
      await raw.send(new CreateMultipartUploadCommand({ Bucket: server.bucket, Key: key }));
    }
    const bytes = patternedBytes(6 * MIB);
    await sut.put('files/stale', Readable.from([bytes]));
    expect(await unfinishedUploads('files/stale')).toEqual(['files/stale-sibling']);
    expect(sha256Hex(await buffer(await sut.get('files/stale')))).toBe(sha256Hex(bytes));
    const [sibling] =
      (await raw.send(new ListMultipartUploadsCommand({ Bucket: server.bucket }))).Uploads ?? [];
    await raw.send(
      new AbortMultipartUploadCommand({
        Bucket: server.bucket,
        Key: sibling!.Key!,
        UploadId: sibling!.UploadId!,
      }),
    );
  });

  it('retries part uploads that fail with 500 and 503 beyond what the SDK retries, and the object is intact', async () => {
    const isPartOf = (key: string) => (method: string, url: URL) =>
      method === 'PUT' && url.pathname.endsWith(`/${key}`) && url.searchParams.has('partNumber');
    const before = server.tape.injectedFailureCount;
    server.tape.failNextRequests(1, 503, isPartOf('files/flaky'));
    server.tape.failNextRequests(5, 500, isPartOf('files/flaky'));
    const bytes = patternedBytes(12 * MIB);
    const stored = await sut.put('files/flaky', Readable.from([bytes]));
    expect(server.tape.injectedFailureCount - before).toBe(6);
    expect(stored.sha256).toBe(sha256Hex(bytes));
    expect(sha256Hex(await buffer(await sut.get('files/flaky')))).toBe(sha256Hex(bytes));
    expect(await unfinishedUploads('files/flaky')).toEqual([]);
  });

  it('gives up after its attempts, aborting the upload', async () => {
    const impatient = new S3ObjectStore(server.settings, { uploadAttempts: 2, retryBaseDelayMs: 1 });
    try {
      server.tape.failNextRequests(
        8,
        500,
        (method, url) => method === 'PUT' && url.pathname.endsWith('/files/doomed'),
      );
      await expect(
        impatient.put('files/doomed', Readable.from([patternedBytes(6 * MIB)])),
      ).rejects.toMatchObject({
        name: 'InternalError',
      });
      expect(await impatient.head('files/doomed')).toBeUndefined();
      expect(await unfinishedUploads('files/doomed')).toEqual([]);
    } finally {
      impatient.onModuleDestroy();
    }
  });
});

describe(`${S3ObjectStore.name} on a server that misbehaves`, () => {
  it('still reports the stored server checksum for a corrupted object (so audits must rehash the bytes)', async () => {
    const bytes = patternedBytes(64 * 1024);
    const stored = await sut.put('files/rotting', Readable.from([bytes]));
    await server.flipByte('files/rotting', 1_000);
    expect((await sut.head('files/rotting'))?.serverChecksum).toBe(stored.serverChecksum);
    expect(sha256Hex(await buffer(await sut.get('files/rotting')))).not.toBe(stored.sha256);
  });

  it('serves exactly the requested range when the server sends more (s3rver answers bytes=0-0 with everything)', async () => {
    await sut.put('files/first-byte', Readable.from(['abcdef']));
    expect(await text(await sut.get('files/first-byte', { start: 0, end: 0 }))).toBe('a');
  });
});

describe(`${ObjectStoreModule.name} with S3 configured`, () => {
  function storageConfig(env: Readonly<Record<string, string>>) {
    return loadAppConfig({ APDC_HOME: mkdtempSync(path.join(os.tmpdir(), 'apdc-home-')), ...env }).storage;
  }

  it('provides the S3 store, from the frozen configuration of the environment, when the bucket answers', async () => {
    const context = await NestFactory.createApplicationContext(
      ObjectStoreModule.forRoot(storageConfig(server.env)),
      {
        logger: false,
      },
    );
    try {
      const store = context.get(ObjectStore);
      expect(store).toBeInstanceOf(S3ObjectStore);
      await store.put('files/configured', Readable.from(['via config']));
      expect(await text(await store.get('files/configured'))).toBe('via config');
    } finally {
      await context.close();
    }
  });

  it('refuses to start, naming endpoint and bucket, when the bucket does not answer', async () => {
    await expect(
      NestFactory.createApplicationContext(
        ObjectStoreModule.forRoot(storageConfig({ ...server.env, S3_BUCKET: 'no-such-bucket' })),
        { logger: false, abortOnError: false },
      ),
    ).rejects.toThrow(`S3 bucket "no-such-bucket" at ${server.endpoint} is not reachable`);
  });
});

describe(`${S3ObjectStore.name} against a scripted endpoint (answers s3rver never gives)`, () => {
  const checksum = createHash('sha256').update('scripted').digest('base64');
  let endpoint: Server;
  let scripted: S3ObjectStore;
  const restoreStatus = new Map<string, number>([
    ['/b/restoring', 202],
    ['/b/restored', 200],
    ['/b/busy', 409],
  ]);

  beforeAll(async () => {
    endpoint = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://scripted');
      request.resume();
      if (request.method === 'PUT') {
        // As AWS does: the checksum the client sent is kept and returned.
        response.writeHead(200, {
          etag: '"0123"',
          'x-amz-checksum-sha256': String(request.headers['x-amz-checksum-sha256']),
        });
        response.end();
      } else if (request.method === 'HEAD') {
        const storageClass = url.pathname === '/b/instant' ? 'GLACIER_IR' : 'TAPE';
        response.writeHead(200, {
          'content-length': '8',
          etag: '"0123-3"',
          'x-amz-checksum-sha256': 'Y29tcG9zaXRl-3',
          'x-amz-storage-class': storageClass,
          ...(url.pathname === '/b/restored'
            ? { 'x-amz-restore': 'ongoing-request="false", expiry-date="Fri, 21 Dec 2040 00:00:00 GMT"' }
            : {}),
        });
        response.end();
      } else if (request.method === 'POST' && url.searchParams.has('restore')) {
        const status = restoreStatus.get(url.pathname) ?? 500;
        response.writeHead(status, { 'content-type': 'application/xml' });
        response.end(
          status === 409
            ? '<Error><Code>RestoreAlreadyInProgress</Code><Message>Object restore is already in progress</Message></Error>'
            : '',
        );
      } else {
        response.writeHead(403, { 'content-type': 'application/xml' });
        response.end(
          '<Error><Code>InvalidObjectState</Code><Message>The operation is not valid for the object&apos;s storage class</Message>' +
            '<StorageClass>TAPE</StorageClass></Error>',
        );
      }
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    scripted = new S3ObjectStore(
      {
        ...server.settings,
        endpoint: `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`,
        bucket: 'b',
      },
      { archivalStorageClasses: ['GLACIER', 'DEEP_ARCHIVE', 'TAPE'] },
    );
  });

  afterAll(async () => {
    scripted.onModuleDestroy();
    endpoint.closeAllConnections();
    await new Promise((resolve) => endpoint.close(resolve));
  });

  it('reports the SHA-256 the server keeps as the server checksum, from put and from head', async () => {
    const stored = await scripted.put('put', Readable.from(['scripted']));
    expect(stored.serverChecksum).toBe(`sha256:${checksum}`);
    expect((await scripted.head('instant'))?.serverChecksum).toBe('sha256:Y29tcG9zaXRl-3');
  });

  it('reads GLACIER_IR directly and a configured site class (TAPE) as archival', async () => {
    expect(await scripted.head('instant')).toMatchObject({ storageClass: 'GLACIER_IR', archived: false });
    expect(await scripted.head('restored')).toMatchObject({
      storageClass: 'TAPE',
      archived: true,
      restore: { state: 'available', expiresAt: new Date('2040-12-21T00:00:00Z') },
    });
    expect(await scripted.requestRestore('instant', 1)).toBe('available');
  });

  it('maps the answers to a restore request: 202 in progress, 200 available, 409 already in progress', async () => {
    expect(await scripted.requestRestore('restoring', 2)).toBe('in-progress');
    expect(await scripted.requestRestore('restored', 2)).toBe('available');
    expect(await scripted.requestRestore('busy', 2)).toBe('in-progress');
  });

  it('turns InvalidObjectState on a read into ObjectArchivedError with the storage class', async () => {
    await expect(scripted.get('restoring')).rejects.toMatchObject({
      code: 'object-store.archived',
      storageClass: 'TAPE',
    });
  });
});

async function unfinishedUploads(prefix: string): Promise<string[]> {
  const listed = await raw.send(new ListMultipartUploadsCommand({ Bucket: server.bucket, Prefix: prefix }));
  return (listed.Uploads ?? []).map((upload) => upload.Key ?? '');
}

async function waitForRestoreState(key: string, state: RestoreState): Promise<void> {
  const deadline = Date.now() + 10 * RESTORE_LIFETIME_MS;
  while ((await sut.head(key))?.restore.state !== state) {
    if (Date.now() > deadline) throw new Error(`${key} never reached restore state ${state}`);
    await sleep(50);
  }
}

function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
