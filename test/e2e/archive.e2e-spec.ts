import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { XMLParser } from 'fast-xml-parser';
import { ArchiveWorkers, validateBagTar } from '@apdc/archive';
import { ObjectStore } from '@apdc/object-store';
import { loadReleaseFixture, releaseDataPath, releaseFixture } from '../fixtures/releases/index.js';
import { type S3Server, startS3Server } from '../support/s3-server.js';
import { type TestApp, bearer, bodyAsBytes, createTestApp } from '../support/test-app.js';

const run = promisify(execFile);

interface CopyView {
  name: string;
  storageClass: string;
  objectKey: string;
  state: string;
  sha256: string | null;
  lastAudit: { at: string; outcome: string } | null;
}
interface StatusView {
  packages: Array<{
    id: string;
    state: string;
    policy: { id: string };
    bags: Array<{
      index: number;
      count: number;
      name: string;
      sizeBytes: number;
      sha256: string;
      copies: CopyView[];
    }>;
  }>;
}
interface AuditView {
  id: string;
  copy: string;
  method: string;
  state: string;
  problems: Array<{ code: string; path?: string; expected?: string; actual?: string }>;
}
interface EventView {
  type: string;
  outcome: string;
  detail: string;
}
interface RetrievalView {
  id: string;
  state: string;
  retryAfterSeconds: number | null;
  bags: Array<{ index: number; name: string; sizeBytes: number; sha256: string; copy: string; href: string }>;
}

const RECALL_DELAY_MS = 2500;
const FIXTURE = 'km3net-km3-230213a';
/** A name that must survive packing, storing, auditing and retrieval as it is. */
const ODD_NAME = 'notes/Ångström ν-events 100% (draft) #1.txt';

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('Long-term archive on a loopback S3 server with tape semantics', () => {
  let s3: S3Server;
  let t: TestApp;
  let curator: { id: string; token: string };
  let outsider: { id: string; token: string };
  let datasetId: string;
  const sources = new Map<string, Buffer>();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'apdc-archive-e2e-'));

  const archivePath = (suffix = ''): string => `/api/v1/datasets/${datasetId}/versions/1/archive${suffix}`;
  const status = async (): Promise<StatusView> =>
    (await t.http().get(archivePath()).set(bearer(curator.token)).expect(200)).body as StatusView;
  const audits = async (): Promise<AuditView[]> =>
    (
      (await t.http().get(archivePath('/audits')).set(bearer(curator.token)).expect(200)).body as {
        items: AuditView[];
      }
    ).items;
  const events = async (): Promise<EventView[]> =>
    (
      (await t.http().get(archivePath('/events?limit=200')).set(bearer(curator.token)).expect(200)).body as {
        items: EventView[];
      }
    ).items;
  const auditNow = async (recall = false): Promise<AuditView[]> => {
    const queued = await t
      .http()
      .post(archivePath('/audits'))
      .set(bearer(curator.token))
      .send({ recall })
      .expect(202);
    const ids = (queued.body as { auditIds: string[] }).auditIds;
    return until('the audits to finish', async () => {
      const done = (await audits()).filter((audit) => ids.includes(audit.id));
      return done.length === ids.length && done.every((a) => !['queued', 'recalling'].includes(a.state))
        ? done
        : undefined;
    });
  };
  const copies = async (): Promise<CopyView[]> => (await status()).packages[0]?.bags[0]?.copies ?? [];
  const download = async (href: string): Promise<Buffer> => {
    const response = await t
      .http()
      .get(href)
      .set(bearer(curator.token))
      .buffer(true)
      .parse(bodyAsBytes)
      .expect(200);
    return response.body as Buffer;
  };

  beforeAll(async () => {
    s3 = await startS3Server({ recallDelayMs: RECALL_DELAY_MS });
    t = await createTestApp({
      ...s3.env,
      APDC_S3_PART_SIZE_MB: '5',
      APDC_ARCHIVE_RESTORE_POLL_SECONDS: '1',
      APDC_ARCHIVE_AUDIT_SWEEP_SECONDS: '3600',
    });
    await t.app.get(ArchiveWorkers).start();
    await t.createGroup('km3net');
    curator = await t.createUser('curator', ['km3net']);
    outsider = await t.createUser('curator', []);
    const created = await t
      .http()
      .post('/api/v1/datasets')
      .set(bearer(curator.token))
      .send({ group: 'km3net', metadata: loadReleaseFixture(FIXTURE) })
      .expect(201);
    datasetId = (created.body as { id: string }).id;
    const folder = releaseDataPath(releaseFixture(FIXTURE));
    for (const name of readdirSync(folder)) sources.set(name, readFileSync(path.join(folder, name)));
    sources.set(ODD_NAME, Buffer.from('Notes whose name needs care in a bag: spaces, unicode, % and #.\n'));
    for (const [name, bytes] of sources) {
      await t
        .http()
        .put(
          `/api/v1/datasets/${datasetId}/versions/1/files/${name.split('/').map(encodeURIComponent).join('/')}`,
        )
        .set(bearer(curator.token))
        .set('Content-Type', 'application/octet-stream')
        .send(bytes)
        .expect(201);
    }
    await t
      .http()
      .post(`/api/v1/datasets/${datasetId}/versions/1/publish`)
      .set(bearer(curator.token))
      .expect(200);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await s3?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('packs the published version into a bag and places a disk copy and a tape copy, each verified', async () => {
    const stored = await until('the package to be stored', async () => {
      const view = await status();
      return view.packages[0]?.state === 'stored' ? view : undefined;
    });
    const [pkg] = stored.packages;
    expect(pkg?.policy.id).toBe('standard');
    expect(pkg?.bags).toHaveLength(1);
    const bag = pkg?.bags[0];
    expect(bag?.count).toBe(1);
    expect(bag?.copies.map((copy) => [copy.name, copy.storageClass, copy.state])).toEqual([
      ['disk', 'STANDARD', 'stored'],
      ['tape', 'DEEP_ARCHIVE', 'stored'],
    ]);
    const store = t.app.get(ObjectStore);
    const disk = await store.head(bag?.copies[0]?.objectKey ?? '');
    const tape = await store.head(bag?.copies[1]?.objectKey ?? '');
    expect(disk).toMatchObject({ archived: false, storageClass: 'STANDARD', sizeBytes: bag?.sizeBytes });
    expect(tape).toMatchObject({ archived: true, storageClass: 'DEEP_ARCHIVE', sizeBytes: bag?.sizeBytes });
    // Both copies are the same bytes: what the bag's recorded SHA-256 says.
    for (const copy of bag?.copies ?? []) {
      expect(sha256(readFileSync(s3.objectPath(copy.objectKey)))).toBe(bag?.sha256);
    }
    const types = (await events()).map((event) => `${event.type}:${event.outcome}`);
    expect(types).toEqual([
      'creation:success',
      'message digest calculation:success',
      'replication:success',
      'replication:success',
      'ingestion:success',
    ]);
  });

  it('gives the bag back at once from disk; it is valid for our validator and for GNU tar and sha512sum', async () => {
    const response = await t.http().post(archivePath('/retrievals')).set(bearer(curator.token)).expect(201);
    const retrieval = response.body as RetrievalView;
    expect(retrieval.state).toBe('ready');
    expect(retrieval.bags[0]?.copy).toBe('disk');
    const tar = await download(retrieval.bags[0]?.href ?? '');
    expect(sha256(tar)).toBe(retrieval.bags[0]?.sha256);
    const report = await validateBagTar(Readable.from([tar]));
    expect(report.problems).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.payloadFileCount).toBe(sources.size);

    const tarFile = path.join(scratch, 'from-disk.tar');
    writeFileSync(tarFile, tar);
    const extracted = path.join(scratch, 'extracted');
    rmSync(extracted, { recursive: true, force: true });
    await run('mkdir', ['-p', extracted]);
    await run('tar', ['-xf', tarFile, '-C', extracted]);
    const bagDir = path.join(extracted, retrieval.bags[0]?.name ?? '');
    // coreutils do not decode RFC 8493's %25, %0A and %0D: check those names' lines apart.
    const manifest = readFileSync(path.join(bagDir, 'manifest-sha512.txt'), 'utf8')
      .split('\n')
      .filter(Boolean);
    const encoded = manifest.filter((line) => line.includes('%'));
    expect(encoded).toEqual([expect.stringContaining(`data/${ODD_NAME.replace('%', '%25')}`)]);
    writeFileSync(
      path.join(scratch, 'plain-names.sha512'),
      manifest.filter((line) => !line.includes('%')).join('\n') + '\n',
    );
    await run('sha512sum', ['--strict', '-c', path.join(scratch, 'plain-names.sha512')], { cwd: bagDir });
    await run('sha256sum', ['--strict', '-c', 'tagmanifest-sha256.txt'], { cwd: bagDir });
    for (const [name, bytes] of sources) {
      expect(sha256(readFileSync(path.join(bagDir, 'data', name)))).toBe(sha256(bytes));
    }
    const bagInfo = readFileSync(path.join(bagDir, 'bag-info.txt'), 'utf8');
    expect(bagInfo).toMatch(/^External-Identifier: doi:10\.5072\//m);
    expect(bagInfo).toMatch(/^Bag-Count: 1 of 1$/m);
    expect(bagInfo).toMatch(
      new RegExp(
        `^Payload-Oxum: ${[...sources.values()].reduce((n, b) => n + b.length, 0)}\\.${sources.size}$`,
        'm',
      ),
    );
    const readme = readFileSync(path.join(bagDir, 'metadata', 'README.txt'), 'utf8');
    expect(readme).toContain('sha512sum -c manifest-sha512.txt');

    const oddFile = await download(
      `/api/v1/archive/retrievals/${retrieval.id}/files/${ODD_NAME.split('/').map(encodeURIComponent).join('/')}`,
    );
    expect(oddFile.equals(sources.get(ODD_NAME) ?? Buffer.alloc(0))).toBe(true);
  });

  it('audits both copies: the disk copy by re-hashing, the tape copy by its stored checksum, without a recall', async () => {
    const recallsBefore = s3.tape.recallCount;
    const outcome = await auditNow();
    expect(outcome.map((audit) => [audit.copy, audit.method, audit.state]).sort()).toEqual([
      ['disk', 'rehash', 'passed'],
      ['tape', 'stored-checksum', 'passed'],
    ]);
    expect(s3.tape.recallCount).toBe(recallsBefore);
    expect((await copies()).map((copy) => copy.lastAudit?.outcome)).toEqual(['passed', 'passed']);
  });

  it('detects a flipped byte in the disk copy, names the file, repairs the copy from tape-independent sources and logs PREMIS events', async () => {
    const [disk] = await copies();
    const bagName = (await status()).packages[0]?.bags[0]?.name ?? '';
    const tar = readFileSync(s3.objectPath(disk?.objectKey ?? ''));
    // Flip a byte in the middle of the largest payload file, found in the tar by a slice of its content.
    const [victim = '', victimBytes = Buffer.alloc(0)] =
      [...sources].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
    const middle = Math.floor(victimBytes.length / 2);
    const at = tar.indexOf(victimBytes.subarray(middle, middle + 256));
    expect(at).toBeGreaterThan(0);
    expect(tar.includes(Buffer.from(`${bagName}/bag-info.txt`))).toBe(true);
    await s3.flipByte(disk?.objectKey ?? '', at + 7);

    const outcome = await auditNow();
    const diskAudit = outcome.find((audit) => audit.copy === 'disk');
    expect(diskAudit?.state).toBe('repaired');
    expect(diskAudit?.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'payload-digest-mismatch', path: `data/${victim}` }),
        expect.objectContaining({ code: 'tar-digest-mismatch' }),
      ]),
    );
    expect(outcome.find((audit) => audit.copy === 'tape')?.state).toBe('passed');
    const after = await copies();
    expect(after[0]).toMatchObject({
      state: 'stored',
      lastAudit: expect.objectContaining({ outcome: 'repaired' }),
    });
    expect(sha256(readFileSync(s3.objectPath(disk?.objectKey ?? '')))).toBe(after[0]?.sha256);

    const history = await events();
    expect(history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'fixity check', outcome: 'failure' }),
        expect.objectContaining({
          type: 'replication',
          outcome: 'success',
          detail: expect.stringMatching(/repair of copy disk .* packed from the stored files/),
        }),
      ]),
    );
    expect((await auditNow()).every((audit) => audit.state === 'passed')).toBe(true);

    const premis = await t
      .http()
      .get(archivePath('/events'))
      .set(bearer(curator.token))
      .set('Accept', 'application/xml')
      .expect(200);
    const document = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true }).parse(premis.text) as {
      premis: { event: Array<{ eventType: { '#text': string } | string }> };
    };
    const premisTypes = document.premis.event.map((event) =>
      typeof event.eventType === 'string' ? event.eventType : event.eventType['#text'],
    );
    expect(premisTypes).toEqual(
      expect.arrayContaining(['fixity check', 'replication', 'ingestion', 'creation']),
    );
  });

  it('with the disk copy lost, restores from tape after the recall delay and serves the bag', async () => {
    const [disk, tape] = await copies();
    await t.app.get(ObjectStore).delete(disk?.objectKey ?? '');
    const recallsBefore = s3.tape.recallCount;
    const started = Date.now();
    const response = await t.http().post(archivePath('/retrievals')).set(bearer(curator.token)).expect(202);
    const requested = response.body as RetrievalView;
    expect(requested.state).toBe('recalling');
    expect(requested.bags[0]?.copy).toBe('tape');
    expect(response.headers['retry-after']).toBe('1');
    await t
      .http()
      .get(requested.bags[0]?.href ?? '')
      .set(bearer(curator.token))
      .expect(409)
      .expect('Content-Type', /application\/problem\+json/);
    const ready = await until('the recall from tape', async () => {
      const view = (
        await t
          .http()
          .get(`/api/v1/archive/retrievals/${requested.id}`)
          .set(bearer(curator.token))
          .expect(200)
      ).body as RetrievalView;
      return view.state === 'ready' ? view : undefined;
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(RECALL_DELAY_MS);
    expect(s3.tape.recallCount).toBeGreaterThan(recallsBefore);
    const tar = await download(ready.bags[0]?.href ?? '');
    expect(sha256(tar)).toBe(tape?.sha256);
    expect((await validateBagTar(Readable.from([tar]))).valid).toBe(true);
  });

  it('repairs the lost disk copy at the next audit, and a full recall audit of tape passes', async () => {
    const outcome = await auditNow(true);
    expect(outcome.map((audit) => [audit.copy, audit.method, audit.state]).sort()).toEqual([
      ['disk', 'rehash', 'repaired'],
      ['tape', 'recall', 'passed'],
    ]);
    expect(outcome.find((audit) => audit.copy === 'disk')?.problems[0]?.code).toBe('missing');
  });

  it('keeps the archive to those with rights on the dataset', async () => {
    await t.http().get(archivePath()).expect(401);
    await t.http().get(archivePath()).set(bearer(outsider.token)).expect(403);
    await t.http().post(archivePath('/retrievals')).set(bearer(outsider.token)).expect(403);
    await t.http().post(archivePath('/audits')).set(bearer(outsider.token)).send({}).expect(403);
    await t
      .http()
      .post(archivePath('/audits'))
      .set(bearer(curator.token))
      .send({ recall: 'yes' })
      .expect(400);
    await t.http().get('/api/v1/archive/retrievals/not-a-uuid').set(bearer(curator.token)).expect(404);
  });
});
