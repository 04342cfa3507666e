import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { type CliRun, runApdc as apdc } from '../support/cli-process.js';
import { type TestApp, bearer, createTestApp, releaseMetadata } from '../support/test-app.js';

interface FileView {
  path: string;
  sizeBytes: number;
  sha256: string;
  restricted: boolean;
}

interface ProblemBody {
  title: string;
  status: number;
  detail?: string;
}

/** A file of the release as the test writes it to disk. */
interface LocalFile {
  readonly path: string;
  readonly content: string;
  readonly restricted: boolean;
}

const sha256 = (content: string): string => createHash('sha256').update(content).digest('hex');

/** What the service should hold for `files`, in path order, computed from the bytes the test wrote. */
const expectedFiles = (files: readonly LocalFile[]): FileView[] =>
  [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((file) => ({
      path: file.path,
      sizeBytes: Buffer.byteLength(file.content),
      sha256: sha256(file.content),
      restricted: file.restricted,
    }));

describe('apdc release (the CLI against the running API)', () => {
  let t: TestApp;
  let url: string;
  let curator: { id: string; token: string };
  let reader: { id: string; token: string };
  let work: string;
  let filesDir: string;
  let datasetId: string;

  const v1Files: LocalFile[] = [
    { path: 'dl3/crab/run-001.csv', content: 'Gt,lgE,Ze\n915148800,6.12,21.4\n', restricted: false },
    { path: 'raw/2024/run-0042.dat', content: 'raw detector counts 0042\n'.repeat(50), restricted: true },
    { path: 'README.txt', content: 'KASCADE-like test release.\n', restricted: false },
  ];
  const changedFile: LocalFile = {
    path: 'dl3/crab/run-001.csv',
    content: 'Gt,lgE,Ze\n915148800,6.12,21.4\n915152400,6.55,33.0\n',
    restricted: false,
  };

  /** Environment of the child process: the test's own (unrelated keys included), pointed at the test API. */
  const envWith = (token: string | undefined): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...process.env, APDC_URL: url };
    if (token === undefined) delete env['APDC_TOKEN'];
    else env['APDC_TOKEN'] = token;
    return env;
  };
  const asCurator = (...args: string[]): Promise<CliRun> => apdc(args, envWith(curator.token));

  const writeFiles = (dir: string, files: readonly LocalFile[]): void => {
    for (const file of files) {
      const target = path.join(dir, ...file.path.split('/'));
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }
  };
  const writeManifest = (name: string, manifest: Record<string, unknown> | string): string => {
    const manifestPath = path.join(work, name);
    writeFileSync(manifestPath, typeof manifest === 'string' ? manifest : stringify(manifest));
    return manifestPath;
  };
  const datasetCount = async (): Promise<number> => {
    const rows: Array<{ count: string }> = await t.db.dataSource.query('SELECT count(*) FROM datasets');
    return Number(rows[0]?.count);
  };
  const filesOf = async (version: number): Promise<FileView[]> => {
    const response = await t
      .http()
      .get(`/api/v1/datasets/${datasetId}/versions/${version}/files`)
      .set(bearer(curator.token))
      .expect(200);
    return (response.body as { items: FileView[] }).items.map(
      ({ path: p, sizeBytes, sha256: digest, restricted }) => ({
        path: p,
        sizeBytes,
        sha256: digest,
        restricted,
      }),
    );
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    const server: Server = t.app.getHttpServer();
    const address = server.address() as AddressInfo;
    url = `http://127.0.0.1:${address.port}`;
    await t.createGroup('kascade');
    curator = await t.createUser('curator', ['kascade']);
    reader = await t.createUser('reader', ['kascade']);
    work = mkdtempSync(path.join(os.tmpdir(), 'apdc-cli-e2e-'));
    filesDir = path.join(work, 'files');
    writeFiles(filesDir, v1Files);
  });
  afterAll(async () => {
    await t.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('registers a release from a manifest: dataset, metadata, software and files with their digests', async () => {
    const manifest = writeManifest('manifest.yaml', {
      group: 'kascade',
      metadata: releaseMetadata(),
      software: { name: 'kcorsika', version: '1.10' },
      files: v1Files.map((file) =>
        file.restricted ? { path: file.path, restricted: true } : { path: file.path },
      ),
    });

    const run = await asCurator('release', 'register', manifest, filesDir, '--json');

    expect(run).toMatchObject({ code: 0 });
    const result = JSON.parse(run.stdout) as {
      datasetId: string;
      version: number;
      state: string;
      files: FileView[];
    };
    expect(result).toMatchObject({ version: 1, state: 'draft' });
    expect(result.datasetId).toMatch(/^[0-9a-f-]{36}$/);
    datasetId = result.datasetId;
    expect(run.stderr).toContain(`Created dataset ${datasetId} version 1 (draft).`);
    expect(result.files.map((file) => file.path).sort()).toEqual(
      expectedFiles(v1Files).map((file) => file.path),
    );

    const version = await t
      .http()
      .get(`/api/v1/datasets/${datasetId}/versions/1`)
      .set(bearer(curator.token))
      .expect(200);
    expect(version.body).toMatchObject({
      number: 1,
      state: 'draft',
      title: releaseMetadata()['name'],
      software: { name: 'kcorsika', version: '1.10' },
      fileCount: v1Files.length,
      totalBytes: v1Files.reduce((sum, file) => sum + Buffer.byteLength(file.content), 0),
    });
    expect(await filesOf(1)).toEqual(expectedFiles(v1Files));
    const dataset = await t
      .http()
      .get(`/api/v1/datasets/${datasetId}`)
      .set(bearer(curator.token))
      .expect(200);
    expect(dataset.body).toMatchObject({ ownerGroup: 'kascade', versions: [{ number: 1, state: 'draft' }] });
  });

  it('publishes the draft', async () => {
    const run = await asCurator('release', 'publish', datasetId);

    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toContain(`Dataset ${datasetId} version 1 is published.`);
    const version = await t.http().get(`/api/v1/datasets/${datasetId}/versions/1`).expect(200);
    expect(version.body).toMatchObject({ number: 1, state: 'published' });
  });

  it('shows the status as text and as JSON', async () => {
    const text = await asCurator('release', 'status', datasetId);
    expect(text).toMatchObject({ code: 0 });
    expect(text.stdout).toContain(`Dataset ${datasetId} (group kascade)`);
    expect(text.stdout).toMatch(/^\s+1\s+published\s/m);
    expect(text.stdout).toMatch(/^Version 1$/m);
    expect(text.stdout).toMatch(/^\s+State:\s+published$/m);
    expect(text.stdout).toMatch(new RegExp(`^\\s+Files:\\s+${v1Files.length}$`, 'm'));
    // No registration worker runs here, so the minted DOI stays pending and says so.
    expect(text.stdout).toMatch(/^\s+DOI:\s+10\.5072\/[0-9a-z-]+ \(pending\)$/m);

    const json = await asCurator('release', 'status', datasetId, '--json');
    expect(json).toMatchObject({ code: 0 });
    expect(JSON.parse(json.stdout)).toMatchObject({
      dataset: { id: datasetId, ownerGroup: 'kascade', versions: [{ number: 1, state: 'published' }] },
      version: { number: 1, state: 'published', title: releaseMetadata()['name'], fileCount: v1Files.length },
    });
  });

  it('registers a new version of the dataset with a changed file, as a draft that keeps the other files', async () => {
    const v2Dir = path.join(work, 'files-v2');
    writeFiles(v2Dir, [changedFile]);
    const manifest = writeManifest('manifest-v2.yaml', {
      group: 'kascade',
      dataset: datasetId,
      files: [{ path: changedFile.path }],
    });

    const run = await asCurator('release', 'register', manifest, v2Dir, '--json');

    expect(run).toMatchObject({ code: 0 });
    expect(JSON.parse(run.stdout)).toMatchObject({ datasetId, version: 2, state: 'draft' });
    const v2Files = v1Files.map((file) => (file.path === changedFile.path ? changedFile : file));
    expect(await filesOf(2)).toEqual(expectedFiles(v2Files));
    expect(await filesOf(1)).toEqual(expectedFiles(v1Files));
    const version = await t
      .http()
      .get(`/api/v1/datasets/${datasetId}/versions/2`)
      .set(bearer(curator.token))
      .expect(200);
    expect(version.body).toMatchObject({
      state: 'draft',
      previousVersion: 1,
      software: { name: 'kcorsika', version: '1.10' },
    });

    const status = await asCurator('release', 'status', datasetId);
    expect(status).toMatchObject({ code: 0 });
    expect(status.stdout).toMatch(/^\s+1\s+published\s/m);
    expect(status.stdout).toMatch(/^\s+2\s+draft\s/m);
    expect(status.stdout).toMatch(/^Version 2$/m);
    const json = await asCurator('release', 'status', datasetId, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({
      dataset: {
        versions: [
          { number: 1, state: 'published' },
          { number: 2, state: 'draft' },
        ],
      },
      version: { number: 2, state: 'draft' },
    });
  });

  describe('errors', () => {
    it('reports every problem of a manifest at once and creates nothing', async () => {
      const manifest = writeManifest(
        'broken.yaml',
        [
          'group: KASCADE',
          'colour: blue',
          'embargoUntil: 2030-02-30',
          'software: { name: kcorsika, version: 1.10 }',
          'files:',
          '  - path: ../outside.csv',
          '  - path: missing/run.csv',
          `  - path: ${v1Files[0]?.path ?? ''}`,
          '    restricted: yes',
          '',
        ].join('\n'),
      );
      const before = await datasetCount();

      const run = await asCurator('release', 'register', manifest, filesDir);

      expect(run).toMatchObject({ code: 1 });
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('nothing was sent');
      for (const key of [
        'group',
        'colour',
        'embargoUntil',
        'software.version',
        'files[0].path',
        'files[1].path',
        'files[2].restricted',
      ]) {
        expect(run.stderr).toMatch(new RegExp(`^\\s+- ${key.replace(/[.[\]]/g, '\\$&')}: `, 'm'));
      }
      expect(run.stderr).toContain('missing/run.csv: no such file');
      expect(await datasetCount()).toBe(before);
    });

    it('fails with the service problem when the token is wrong, creating nothing', async () => {
      const manifest = writeManifest('manifest-bad-token.yaml', {
        group: 'kascade',
        metadata: releaseMetadata(),
      });
      const wrongToken = `${curator.token.slice(0, -4)}xxxx`;
      const before = await datasetCount();

      const run = await apdc(['release', 'register', manifest, filesDir], envWith(wrongToken));

      expect(run).toMatchObject({ code: 1 });
      const problem = await t
        .http()
        .post('/api/v1/datasets')
        .set(bearer(wrongToken))
        .send({ group: 'kascade' });
      const body = problem.body as ProblemBody;
      expect(body.status).toBe(401);
      expect(run.stderr).toContain(`error: ${body.title} (HTTP 401)\n  ${String(body.detail)}\n`);
      expect(await datasetCount()).toBe(before);
    });

    it('refuses to run without a token (usage error)', async () => {
      const run = await apdc(['release', 'publish', datasetId], envWith(undefined));

      expect(run).toMatchObject({ code: 2 });
      expect(run.stderr).toContain('no API token');
    });

    it('refuses a withdrawal without --reason (usage error)', async () => {
      const run = await asCurator('release', 'withdraw', datasetId, '1');

      expect(run).toMatchObject({ code: 2 });
      expect(run.stderr).toContain('--reason');
      const version = await t.http().get(`/api/v1/datasets/${datasetId}/versions/1`).expect(200);
      expect(version.body).toMatchObject({ state: 'published' });
    });

    it("passes on the service's 403 when a reader tries to publish", async () => {
      const run = await apdc(['release', 'publish', datasetId, '--version', '2'], envWith(reader.token));

      expect(run).toMatchObject({ code: 1 });
      const problem = await t
        .http()
        .post(`/api/v1/datasets/${datasetId}/versions/2/publish`)
        .set(bearer(reader.token));
      const body = problem.body as ProblemBody;
      expect(body.status).toBe(403);
      expect(run.stderr).toContain(`error: ${body.title} (HTTP 403)\n  ${String(body.detail)}\n`);
      const version = await t
        .http()
        .get(`/api/v1/datasets/${datasetId}/versions/2`)
        .set(bearer(curator.token))
        .expect(200);
      expect(version.body).toMatchObject({ state: 'draft' });
    });
  });

  it('withdraws a published version with a reason; the version then answers 410', async () => {
    const reason = 'Calibration error in run 1';

    const run = await asCurator('release', 'withdraw', datasetId, '1', '--reason', reason);

    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toContain(`Dataset ${datasetId} version 1 is withdrawn.`);
    const gone = await t.http().get(`/api/v1/datasets/${datasetId}/versions/1`).expect(410);
    expect(gone.body).toMatchObject({ tombstone: { withdrawalReason: reason } });
  });
});
