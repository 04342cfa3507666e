import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ArchiveWorkers } from '@apdc/archive';
import { type TestApp, bearer, bodyAsBytes, createTestApp, releaseMetadata } from '../support/test-app.js';

interface StatusView {
  packages: Array<{ state: string; bags: Array<{ copies: Array<{ name: string; state: string }> }> }>;
}

/** The archive as a newcomer runs it: the filesystem object store, the shipped policies. */
describe('Long-term archive on the default filesystem object store', () => {
  let t: TestApp;
  let curator: { id: string; token: string };
  let datasetId: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(ArchiveWorkers).start();
    await t.createGroup('auger');
    curator = await t.createUser('curator', ['auger']);
    const created = await t
      .http()
      .post('/api/v1/datasets')
      .set(bearer(curator.token))
      .send({ group: 'auger', metadata: releaseMetadata({ name: 'Air-shower events' }) })
      .expect(201);
    datasetId = (created.body as { id: string }).id;
    await t
      .http()
      .put(`/api/v1/datasets/${datasetId}/versions/1/files/events.csv`)
      .set(bearer(curator.token))
      .set('Content-Type', 'text/csv')
      .send('energy_eev,ra,dec\n52.1,10.2,-30.5\n')
      .expect(201);
    await t
      .http()
      .post(`/api/v1/datasets/${datasetId}/versions/1/publish`)
      .set(bearer(curator.token))
      .expect(200);
  });

  afterAll(async () => {
    await t.close();
  });

  it('archives the published version in both copies of the standard policy, audits them, and gives it back', async () => {
    const path = `/api/v1/datasets/${datasetId}/versions/1/archive`;
    const deadline = Date.now() + 30_000;
    let view: StatusView = { packages: [] };
    while (view.packages[0]?.state !== 'stored' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      view = (await t.http().get(path).set(bearer(curator.token)).expect(200)).body as StatusView;
    }
    expect(view.packages[0]?.bags[0]?.copies.map((copy) => [copy.name, copy.state])).toEqual([
      ['disk', 'stored'],
      ['tape', 'stored'],
    ]);
    const retrieval = await t.http().post(`${path}/retrievals`).set(bearer(curator.token)).expect(201);
    expect((retrieval.body as { state: string }).state).toBe('ready');
    const file = await t
      .http()
      .get(`/api/v1/archive/retrievals/${(retrieval.body as { id: string }).id}/files/events.csv`)
      .set(bearer(curator.token))
      .buffer(true)
      .parse(bodyAsBytes)
      .expect(200);
    expect((file.body as Buffer).toString('utf8')).toBe('energy_eev,ra,dec\n52.1,10.2,-30.5\n');
    const audit = await t.http().post(`${path}/audits`).set(bearer(curator.token)).send({}).expect(202);
    const ids = (audit.body as { auditIds: string[] }).auditIds;
    expect(ids).toHaveLength(2);
    let states: string[] = [];
    while (
      !(states.length === 2 && states.every((state) => state === 'passed')) &&
      Date.now() < deadline + 30_000
    ) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const page = (await t.http().get(`${path}/audits`).set(bearer(curator.token)).expect(200)).body as {
        items: Array<{ id: string; state: string }>;
      };
      states = page.items.filter((item) => ids.includes(item.id)).map((item) => item.state);
    }
    expect(states).toEqual(['passed', 'passed']);
  });

  it('queues audits that are due at the sweep, with a full recall for the sampled share of tape audits', async () => {
    await t.db.dataSource.query(
      `UPDATE archive_copies SET next_audit_at = now() - interval '1 minute',
              sampled_recall_fraction = CASE WHEN copy_name = 'tape' THEN 1 ELSE 0 END`,
    );
    const swept = await t.app.get(ArchiveWorkers).sweep();
    expect(swept).toEqual({ packagesQueued: 0, auditsQueued: 2, packagesDeleted: 0 });
    expect((await t.app.get(ArchiveWorkers).sweep()).auditsQueued).toBe(0);
    const path = `/api/v1/datasets/${datasetId}/versions/1/archive/audits`;
    const deadline = Date.now() + 30_000;
    let newest: Array<{ copy: string; method: string; state: string }> = [];
    while (Date.now() < deadline) {
      const page = (await t.http().get(path).set(bearer(curator.token)).expect(200)).body as {
        items: Array<{ copy: string; method: string; state: string }>;
      };
      newest = page.items.slice(0, 2);
      if (newest.every((audit) => audit.state === 'passed')) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(newest.map((audit) => [audit.copy, audit.method, audit.state]).sort()).toEqual([
      ['disk', 'rehash', 'passed'],
      ['tape', 'recall', 'passed'],
    ]);
    const [due] = await t.db.dataSource.query<Array<{ due: string }>>(
      `SELECT count(*) AS due FROM archive_copies WHERE next_audit_at <= now()`,
    );
    expect(Number(due?.due)).toBe(0);
  });

  it('repairs a corrupt disk copy and a lost tape copy, never copying the bad bytes, to the exact bytes of the bag', async () => {
    const archive = `/api/v1/datasets/${datasetId}/versions/1/archive`;
    type Copy = { name: string; state: string; objectKey: string; sha256: string };
    const copies = async (): Promise<Copy[]> =>
      (
        (await t.http().get(archive).set(bearer(curator.token)).expect(200)).body as {
          packages: Array<{ bags: Array<{ copies: Copy[] }> }>;
        }
      ).packages[0]?.bags[0]?.copies ?? [];
    const [disk, tape] = await copies();
    const file = (key: string): string => join(t.config.storage.objectStoreDir, ...key.split('/'));
    const bytes = readFileSync(file(disk?.objectKey ?? ''));
    const flipped = bytes.length - 2048;
    bytes.writeUInt8(bytes.readUInt8(flipped) ^ 0xff, flipped);
    writeFileSync(file(disk?.objectKey ?? ''), bytes);
    rmSync(file(tape?.objectKey ?? ''));

    const queued = await t.http().post(`${archive}/audits`).set(bearer(curator.token)).send({}).expect(202);
    const ids = (queued.body as { auditIds: string[] }).auditIds;
    const deadline = Date.now() + 30_000;
    let audits: Array<{ id: string; copy: string; state: string }> = [];
    while (Date.now() < deadline) {
      const page = (await t.http().get(`${archive}/audits`).set(bearer(curator.token)).expect(200)).body as {
        items: Array<{ id: string; copy: string; state: string }>;
      };
      audits = page.items.filter((audit) => ids.includes(audit.id));
      if (audits.length === 2 && audits.every((audit) => !['queued', 'recalling'].includes(audit.state)))
        break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(audits.map((audit) => [audit.copy, audit.state]).sort()).toEqual([
      ['disk', 'repaired'],
      ['tape', 'repaired'],
    ]);
    const after = await copies();
    expect(after.map((copy) => copy.state)).toEqual(['stored', 'stored']);
    for (const copy of after) {
      expect(
        createHash('sha256')
          .update(readFileSync(file(copy.objectKey)))
          .digest('hex'),
      ).toBe(disk?.sha256);
    }
  });

  it('refuses to archive a stored file whose bytes no longer match its upload digests, and retries later', async () => {
    const created = await t
      .http()
      .post('/api/v1/datasets')
      .set(bearer(curator.token))
      .send({ group: 'auger', metadata: releaseMetadata({ name: 'Air-shower events, second run' }) })
      .expect(201);
    const id = (created.body as { id: string }).id;
    await t
      .http()
      .put(`/api/v1/datasets/${id}/versions/1/files/run2.csv`)
      .set(bearer(curator.token))
      .set('Content-Type', 'text/csv')
      .send('energy_eev,ra,dec\n60.3,120.0,-10.0\n')
      .expect(201);
    const [file] = await t.db.dataSource.query<Array<{ storage_key: string }>>(
      `SELECT f.storage_key FROM version_files f JOIN dataset_versions v ON v.id = f.version_id
        WHERE v.dataset_id = $1`,
      [id],
    );
    const stored = join(t.config.storage.objectStoreDir, ...(file?.storage_key ?? '').split('/'));
    const original = readFileSync(stored);
    writeFileSync(stored, Buffer.from(original.toString('utf8').replace('60.3', '66.3')));
    await t.http().post(`/api/v1/datasets/${id}/versions/1/publish`).set(bearer(curator.token)).expect(200);

    type Package = { state: string; lastError: string | null };
    const packageOf = async (): Promise<Package | undefined> =>
      (
        (
          await t
            .http()
            .get(`/api/v1/datasets/${id}/versions/1/archive`)
            .set(bearer(curator.token))
            .expect(200)
        ).body as { packages: Package[] }
      ).packages[0];
    const deadline = Date.now() + 30_000;
    let pkg = await packageOf();
    while (pkg?.state !== 'failed' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      pkg = await packageOf();
    }
    expect(pkg?.state).toBe('failed');
    expect(pkg?.lastError).toContain('run2.csv');
    // Backing off: the sweep leaves it until its retry time.
    expect((await t.app.get(ArchiveWorkers).sweep()).packagesQueued).toBe(0);

    writeFileSync(stored, original);
    await t.db.dataSource.query(`UPDATE archive_packages SET retry_after = now() - interval '1 second'`);
    expect((await t.app.get(ArchiveWorkers).sweep()).packagesQueued).toBe(1);
    while (pkg?.state !== 'stored' && Date.now() < deadline + 30_000) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      pkg = await packageOf();
    }
    expect(pkg).toMatchObject({ state: 'stored', lastError: null });
  });

  it('lists every package for administrators, filtered by state, and refuses others', async () => {
    const all = await t.http().get('/api/v1/archive/packages').set(bearer(t.adminToken)).expect(200);
    expect(all.body).toMatchObject({
      items: [
        { datasetId, versionNumber: 1, policy: 'standard', state: 'stored', copies: 2, storedCopies: 2 },
        { versionNumber: 1, state: 'stored', copies: 2, storedCopies: 2, damagedCopies: 0 },
      ],
      nextCursor: null,
    });
    const first = (
      await t.http().get('/api/v1/archive/packages?limit=1').set(bearer(t.adminToken)).expect(200)
    ).body as { items: Array<{ packageId: string }>; nextCursor: string };
    const second = (
      await t
        .http()
        .get(`/api/v1/archive/packages?limit=1&cursor=${first.nextCursor}`)
        .set(bearer(t.adminToken))
        .expect(200)
    ).body as { items: Array<{ packageId: string }>; nextCursor: string | null };
    expect([...first.items, ...second.items].map((item) => item.packageId)).toEqual(
      (all.body as { items: Array<{ packageId: string }> }).items.map((item) => item.packageId),
    );
    expect(second.nextCursor).toBeNull();
    const failed = await t
      .http()
      .get('/api/v1/archive/packages?state=failed')
      .set(bearer(t.adminToken))
      .expect(200);
    expect((failed.body as { items: unknown[] }).items).toEqual([]);
    await t.http().get('/api/v1/archive/packages?state=lost').set(bearer(t.adminToken)).expect(400);
    await t.http().get('/api/v1/archive/packages').set(bearer(curator.token)).expect(403);
    await t.http().get('/api/v1/archive/packages').expect(401);
  });
});
