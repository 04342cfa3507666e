import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ArchiveWorkers, parseBagItProfile, validateBagTar } from '@apdc/archive';
import { ObjectStore } from '@apdc/object-store';
import { findFreeLoopbackPort } from '@apdc/platform';
import { REPO_ROOT } from '../fixtures/releases/index.js';
import { ApiProcess } from '../support/api-process.js';
import { type TestApp, bearer, bodyAsBytes, createTestApp, releaseMetadata } from '../support/test-app.js';
import { createTestDatabase } from '../support/test-database.js';

const PROFILE = path.join(REPO_ROOT, 'archive-policies', 'apdc-bagit-profile.json');
const FILE_BYTES = 700 * 1024;

/**
 * A site's own policy: one disk copy, packing deferred until an embargo ends, bags of at most 1 MiB, and
 * copies of withdrawn versions deleted two seconds after packing.
 */
const SPLITTING_POLICY = `
id: small-bags
title: Small bags, after the embargo
default: true
copies:
  - id: disk
    storageClass: STANDARD
    audit: { interval: P7D, method: rehash }
embargo: defer
maxBagBytes: 1 MiB
retention: { minimum: PT2S, afterWithdrawal: delete-after-minimum }
`;

interface StatusView {
  packages: Array<{
    state: string;
    deferredUntil: string | null;
    policy: { id: string };
    bags: Array<{
      index: number;
      count: number;
      name: string;
      payloadFiles: number;
      copies: Array<{ objectKey: string; state: string }>;
    }>;
  }>;
}

describe('Archive policies from a site directory', () => {
  const policies = mkdtempSync(path.join(os.tmpdir(), 'apdc-policies-'));
  let t: TestApp;
  let curator: { id: string; token: string };

  beforeAll(async () => {
    writeFileSync(path.join(policies, 'small-bags.yaml'), SPLITTING_POLICY);
    copyFileSync(PROFILE, path.join(policies, 'apdc-bagit-profile.json'));
    t = await createTestApp({ APDC_ARCHIVE_POLICIES_DIR: policies, APDC_ARCHIVE_RESTORE_POLL_SECONDS: '1' });
    await t.app.get(ArchiveWorkers).start();
    await t.createGroup('icecube');
    curator = await t.createUser('curator', ['icecube']);
  });

  afterAll(async () => {
    await t.close();
    rmSync(policies, { recursive: true, force: true });
  });

  it('defers packing until the embargo ends, then splits the version into a bag group of valid bags', async () => {
    const created = await t
      .http()
      .post('/api/v1/datasets')
      .set(bearer(curator.token))
      .send({ group: 'icecube', metadata: releaseMetadata({ name: 'Neutrino events, embargoed' }) })
      .expect(201);
    const id = (created.body as { id: string }).id;
    for (const name of ['a.bin', 'b.bin', 'c.bin']) {
      await t
        .http()
        .put(`/api/v1/datasets/${id}/versions/1/files/${name}`)
        .set(bearer(curator.token))
        .set('Content-Type', 'application/octet-stream')
        .send(Buffer.alloc(FILE_BYTES, name))
        .expect(201);
    }
    const embargoEnds = new Date(Date.now() + 4000);
    await t
      .http()
      .patch(`/api/v1/datasets/${id}/versions/1`)
      .set(bearer(curator.token))
      .send({ embargoUntil: embargoEnds.toISOString() })
      .expect(200);
    await t.http().post(`/api/v1/datasets/${id}/versions/1/publish`).set(bearer(curator.token)).expect(200);
    const archive = `/api/v1/datasets/${id}/versions/1/archive`;
    const read = async (): Promise<StatusView> =>
      (await t.http().get(archive).set(bearer(curator.token)).expect(200)).body as StatusView;

    let view = await read();
    const deadline = Date.now() + 30_000;
    while (view.packages[0]?.state !== 'deferred' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      view = await read();
    }
    expect(view.packages[0]).toMatchObject({ state: 'deferred', policy: { id: 'small-bags' }, bags: [] });
    expect(new Date(view.packages[0]?.deferredUntil ?? 0).getTime()).toBe(
      new Date(embargoEnds.toISOString()).getTime(),
    );
    while (view.packages[0]?.state !== 'stored' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      view = await read();
    }
    expect(Date.now()).toBeGreaterThanOrEqual(embargoEnds.getTime());
    const bags = view.packages[0]?.bags ?? [];
    expect(bags.map((bag) => [bag.index, bag.count, bag.payloadFiles])).toEqual([
      [1, 3, 1],
      [2, 3, 1],
      [3, 3, 1],
    ]);

    const retrieval = await t.http().post(`${archive}/retrievals`).set(bearer(curator.token)).expect(201);
    const profile = parseBagItProfile(JSON.parse(readFileSync(PROFILE, 'utf8')));
    const groups = new Set<string>();
    for (const bag of (retrieval.body as { bags: Array<{ index: number; href: string }> }).bags) {
      const response = await t
        .http()
        .get(bag.href)
        .set(bearer(curator.token))
        .buffer(true)
        .parse(bodyAsBytes)
        .expect(200);
      const report = await validateBagTar(Readable.from([response.body as Buffer]), { profile });
      expect(report.problems).toEqual([]);
      const info = new Map(report.bagInfo.map(([label, value]) => [label, value]));
      expect(info.get('Bag-Count')).toBe(`${bag.index} of 3`);
      groups.add(info.get('Bag-Group-Identifier') ?? '');
    }
    expect(groups.size).toBe(1);
  });

  it('defers any number of embargoed versions at once, and packs each when its embargo ends', async () => {
    const embargoEnds = new Date(Date.now() + 8000).toISOString();
    const ids: string[] = [];
    for (const name of ['Neutrino events A', 'Neutrino events B']) {
      const created = await t
        .http()
        .post('/api/v1/datasets')
        .set(bearer(curator.token))
        .send({ group: 'icecube', metadata: releaseMetadata({ name }) })
        .expect(201);
      const id = (created.body as { id: string }).id;
      ids.push(id);
      await t
        .http()
        .put(`/api/v1/datasets/${id}/versions/1/files/events.csv`)
        .set(bearer(curator.token))
        .set('Content-Type', 'text/csv')
        .send(`name\n${name}\n`)
        .expect(201);
      await t
        .http()
        .patch(`/api/v1/datasets/${id}/versions/1`)
        .set(bearer(curator.token))
        .send({ embargoUntil: embargoEnds })
        .expect(200);
      await t.http().post(`/api/v1/datasets/${id}/versions/1/publish`).set(bearer(curator.token)).expect(200);
    }
    const states = async (): Promise<string[]> =>
      Promise.all(
        ids.map(async (id) => {
          const view = (
            await t.http().get(`/api/v1/datasets/${id}/versions/1/archive`).set(bearer(curator.token))
          ).body as StatusView;
          return view.packages[0]?.state ?? 'none';
        }),
      );
    const deadline = Date.now() + 30_000;
    let seen = await states();
    while (!seen.every((state) => state === 'deferred') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      seen = await states();
    }
    expect(seen).toEqual(['deferred', 'deferred']);
    while (!seen.every((state) => state === 'stored') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      seen = await states();
    }
    expect(seen).toEqual(['stored', 'stored']);
  });

  it('deletes the copies of a withdrawn version once the minimum retention has passed, and records it', async () => {
    const created = await t
      .http()
      .post('/api/v1/datasets')
      .set(bearer(curator.token))
      .send({ group: 'icecube', metadata: releaseMetadata({ name: 'Neutrino events, retracted' }) })
      .expect(201);
    const id = (created.body as { id: string }).id;
    await t
      .http()
      .put(`/api/v1/datasets/${id}/versions/1/files/events.csv`)
      .set(bearer(curator.token))
      .set('Content-Type', 'text/csv')
      .send('run,energy\n1,42\n')
      .expect(201);
    await t.http().post(`/api/v1/datasets/${id}/versions/1/publish`).set(bearer(curator.token)).expect(200);
    const archive = `/api/v1/datasets/${id}/versions/1/archive`;
    const read = async (): Promise<StatusView> =>
      (await t.http().get(archive).set(bearer(curator.token)).expect(200)).body as StatusView;
    const deadline = Date.now() + 30_000;
    let view = await read();
    while (view.packages[0]?.state !== 'stored' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      view = await read();
    }
    const key = view.packages[0]?.bags[0]?.copies[0]?.objectKey ?? '';
    const store = t.app.get(ObjectStore);
    expect(await store.head(key)).toBeDefined();
    const workers = t.app.get(ArchiveWorkers);
    // Published: retention keeps it whatever its age.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await workers.sweep()).packagesDeleted).toBe(0);
    await t
      .http()
      .post(`/api/v1/datasets/${id}/versions/1/withdraw`)
      .set(bearer(curator.token))
      .send({ reason: 'Calibration error' })
      .expect(200);
    expect(await workers.sweep()).toMatchObject({ packagesQueued: 0, packagesDeleted: 1 });
    view = await read();
    expect(view.packages[0]?.state).toBe('deleted');
    expect(view.packages[0]?.bags[0]?.copies.map((copy) => copy.state)).toEqual(['deleted']);
    expect(await store.head(key)).toBeUndefined();
    const events = (await t.http().get(`${archive}/events`).set(bearer(curator.token)).expect(200)).body as {
      items: Array<{ type: string; detail: string }>;
    };
    expect(events.items.at(-1)).toMatchObject({
      type: 'deletion',
      detail: expect.stringContaining('minimum retention PT2S of policy small-bags has passed'),
    });
    expect(await workers.sweep()).toMatchObject({ packagesQueued: 0, packagesDeleted: 0 });
  });
});

describe('A bad archive policy at start-up', () => {
  it('stops the service before it serves anything, naming every problem', async () => {
    const policies = mkdtempSync(path.join(os.tmpdir(), 'apdc-bad-policies-'));
    writeFileSync(
      path.join(policies, 'standard.yaml'),
      SPLITTING_POLICY.replace('id: small-bags', 'id: standard')
        .replace('storageClass: STANDARD', 'storageClass: tape')
        .replace('maxBagBytes: 1 MiB', 'maxBagBytes: 12 parsecs'),
    );
    copyFileSync(PROFILE, path.join(policies, 'apdc-bagit-profile.json'));
    const db = await createTestDatabase();
    const api = new ApiProcess(
      {
        APDC_ARCHIVE_POLICIES_DIR: policies,
        APDC_HOME: mkdtempSync(path.join(os.tmpdir(), 'apdc-bad-')),
        DATABASE_URL: db.url,
        APDC_DEMO: 'false',
      },
      await findFreeLoopbackPort(),
    );
    const failure = await api.start().then(
      () => undefined,
      (error: unknown) => (error as Error).message,
    );
    await api.kill('SIGTERM');
    await db.close();
    rmSync(policies, { recursive: true, force: true });
    expect(failure).toMatch(/exited with 1/);
    expect(failure).toContain('standard.yaml');
    expect(failure).toContain('storageClass');
    expect(failure).toContain('maxBagBytes');
  }, 60_000);
});
