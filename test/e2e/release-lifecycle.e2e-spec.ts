import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestApp, bearer, createTestApp, releaseMetadata } from '../support/test-app.js';

interface AuditRow {
  action: string;
  entity_type: string;
  before_sha256: string | null;
  after_sha256: string | null;
  actor_id: string | null;
}

describe('release lifecycle over HTTP', () => {
  let t: TestApp;
  let curator: { id: string; token: string };
  let datasetId: string;
  const eventsCsv = 'Gt,lgE,Ze\n915148800,6.12,21.4\n915152400,6.55,33.0\n';

  beforeAll(async () => {
    t = await createTestApp();
    await t.createGroup('kit-iap');
    await t.createGroup('kascade', 'kit-iap');
    curator = await t.createUser('curator', ['kascade']);
  });
  afterAll(async () => {
    await t.close();
  });

  const jobs = async (
    queue: string,
  ): Promise<Array<{ data: { datasetId: string; versionNumber: number } }>> =>
    t.db.dataSource.query(`SELECT data FROM pgboss.job WHERE name = $1 ORDER BY created_on`, [queue]);

  it('creates a dataset with a first draft, streams a file in and computes both checksums', async () => {
    const created = await t
      .http()
      .post('/api/v1/datasets')
      .set(bearer(curator.token))
      .send({ group: 'kascade' })
      .expect(201);
    datasetId = (created.body as { id: string }).id;
    expect(created.headers['location']).toBe(`/api/v1/datasets/${datasetId}`);
    expect(created.body).toMatchObject({ ownerGroup: 'kascade', versions: [{ number: 1, state: 'draft' }] });

    await t
      .http()
      .put(`/api/v1/datasets/${datasetId}/versions/1/metadata`)
      .set(bearer(curator.token))
      .send(releaseMetadata())
      .expect(200);
    const uploaded = await t
      .http()
      .put(`/api/v1/datasets/${datasetId}/versions/1/files/events/run%201.csv`)
      .set(bearer(curator.token))
      .set('Content-Type', 'text/csv')
      .send(eventsCsv)
      .expect(201);
    expect(uploaded.body).toMatchObject({
      path: 'events/run 1.csv',
      sizeBytes: Buffer.byteLength(eventsCsv),
      sha256: createHash('sha256').update(eventsCsv).digest('hex'),
      sha512: createHash('sha512').update(eventsCsv).digest('hex'),
      mediaType: 'text/csv',
    });
  });

  it('keeps drafts out of sight of the public', async () => {
    await t.http().get(`/api/v1/datasets/${datasetId}`).expect(404);
    const list = await t.http().get('/api/v1/datasets').expect(200);
    expect((list.body as { items: unknown[] }).items).toEqual([]);
  });

  it('publishes, enqueuing release.published in the same transaction, and then serves the files to anyone', async () => {
    expect(await jobs('release.published')).toHaveLength(0);
    const published = await t
      .http()
      .post(`/api/v1/datasets/${datasetId}/versions/1/publish`)
      .set(bearer(curator.token))
      .expect(200);
    expect(published.body).toMatchObject({ number: 1, state: 'published' });
    expect((await jobs('release.published')).map((job) => job.data)).toEqual([
      expect.objectContaining({ datasetId, versionNumber: 1 }),
    ]);
    const file = await t
      .http()
      .get(`/api/v1/datasets/${datasetId}/versions/1/files/events/run%201.csv`)
      .expect(200);
    expect(file.text).toBe(eventsCsv);
    expect(file.headers['etag']).toBe(`"${createHash('sha256').update(eventsCsv).digest('hex')}"`);
    const range = await t
      .http()
      .get(`/api/v1/datasets/${datasetId}/versions/1/files/events/run%201.csv`)
      .set('Range', 'bytes=0-1')
      .expect(206);
    expect(range.text).toBe('Gt');
    expect(range.headers['repr-digest']).toContain(
      `sha-256=:${createHash('sha256').update(eventsCsv).digest('base64')}:`,
    );
    expect(range.headers['content-digest']).toBeUndefined();
    const version = await t.http().get(`/api/v1/datasets/${datasetId}/versions/1`).expect(200);
    expect(version.body).toMatchObject({
      state: 'published',
      fileCount: 1,
      publicationYear: 2024,
      title: 'KASCADE-like test release',
    });
    await t
      .http()
      .get(`/api/v1/datasets/${datasetId}/versions/1`)
      .set('If-None-Match', String(version.headers['etag']))
      .expect(304);
  });

  it('never changes the files of a published version, neither over the API nor in the database', async () => {
    const put = await t
      .http()
      .put(`/api/v1/datasets/${datasetId}/versions/1/files/events/run%201.csv`)
      .set(bearer(curator.token))
      .send('tampered')
      .expect(409);
    expect(put.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(put.body).toMatchObject({ code: 'catalogue.version-immutable', status: 409 });
    await t
      .http()
      .delete(`/api/v1/datasets/${datasetId}/versions/1/files/events/run%201.csv`)
      .set(bearer(curator.token))
      .expect(409);
    await expect(t.db.dataSource.query(`UPDATE version_files SET size_bytes = 1`)).rejects.toThrow(
      /immutable/,
    );
    await expect(t.db.dataSource.query(`DELETE FROM version_files`)).rejects.toThrow(/immutable/);
    const file = await t
      .http()
      .get(`/api/v1/datasets/${datasetId}/versions/1/files/events/run%201.csv`)
      .expect(200);
    expect(file.text).toBe(eventsCsv);
  });

  it('corrects published metadata as a recorded revision and announces it', async () => {
    const corrected = await t
      .http()
      .put(`/api/v1/datasets/${datasetId}/versions/1/metadata?reason=typo`)
      .set(bearer(curator.token))
      .send(releaseMetadata({ description: 'Air-shower events for tests (corrected).' }))
      .expect(200);
    expect(corrected.body).toMatchObject({
      revision: 1,
      description: 'Air-shower events for tests (corrected).',
    });
    const revisions = await t.http().get(`/api/v1/datasets/${datasetId}/versions/1/revisions`).expect(200);
    expect(revisions.body).toMatchObject({ items: [{ revision: 0, reason: 'typo' }] });
    expect(await jobs('release.revised')).toHaveLength(1);
  });

  it('refuses a stale If-Match', async () => {
    const stale = await t
      .http()
      .put(`/api/v1/datasets/${datasetId}/versions/1/metadata`)
      .set(bearer(curator.token))
      .set('If-Match', '"0000"')
      .send(releaseMetadata({ description: 'lost update' }))
      .expect(412);
    expect(stale.body).toMatchObject({ code: 'catalogue.etag-mismatch' });
  });

  it('starts a new version from the latest, with its metadata and files, and publishes it', async () => {
    const next = await t
      .http()
      .post(`/api/v1/datasets/${datasetId}/versions`)
      .set(bearer(curator.token))
      .expect(201);
    expect(next.body).toMatchObject({ number: 2, state: 'draft', previousVersion: 1, fileCount: 1 });
    await t.http().post(`/api/v1/datasets/${datasetId}/versions`).set(bearer(curator.token)).expect(409);
    await t
      .http()
      .put(`/api/v1/datasets/${datasetId}/versions/2/files/events/run%202.csv`)
      .set(bearer(curator.token))
      .send('Gt,lgE,Ze\n')
      .expect(201);
    await t
      .http()
      .post(`/api/v1/datasets/${datasetId}/versions/2/publish`)
      .set(bearer(curator.token))
      .expect(200);
    const v1Files = await t.http().get(`/api/v1/datasets/${datasetId}/versions/1/files`).expect(200);
    const v2Files = await t.http().get(`/api/v1/datasets/${datasetId}/versions/2/files`).expect(200);
    expect((v1Files.body as { items: Array<{ path: string }> }).items.map((f) => f.path)).toEqual([
      'events/run 1.csv',
    ]);
    expect((v2Files.body as { items: Array<{ path: string }> }).items.map((f) => f.path)).toEqual([
      'events/run 1.csv',
      'events/run 2.csv',
    ]);
    const dataset = await t.http().get(`/api/v1/datasets/${datasetId}`).expect(200);
    expect(dataset.body).toMatchObject({ latestPublishedVersion: 2 });
  });

  it('withdraws with a reason and keeps a tombstone that still cites the version', async () => {
    await t
      .http()
      .post(`/api/v1/datasets/${datasetId}/versions/1/withdraw`)
      .set(bearer(curator.token))
      .send({})
      .expect(400);
    await t
      .http()
      .post(`/api/v1/datasets/${datasetId}/versions/1/withdraw`)
      .set(bearer(curator.token))
      .send({ reason: 'Calibration error in run 1' })
      .expect(200);
    const gone = await t.http().get(`/api/v1/datasets/${datasetId}/versions/1`).expect(410);
    expect(gone.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(gone.body).toMatchObject({
      code: 'catalogue.version-withdrawn',
      tombstone: {
        title: 'KASCADE-like test release',
        withdrawalReason: 'Calibration error in run 1',
        creators: [{ name: 'Josiah Carberry', orcid: '0000-0002-1825-0097' }],
      },
    });
    await t.http().get(`/api/v1/datasets/${datasetId}/versions/1/files/events/run%201.csv`).expect(410);
    await t.http().get(`/api/v1/datasets/${datasetId}/versions/2/files/events/run%201.csv`).expect(200);
    await t
      .http()
      .post(`/api/v1/datasets/${datasetId}/versions/1/withdraw`)
      .set(bearer(curator.token))
      .send({ reason: 'again' })
      .expect(409);
    expect(await jobs('release.withdrawn')).toHaveLength(1);
  });

  it('derives new versions only from a published version', async () => {
    const created = await t
      .http()
      .post('/api/v1/datasets')
      .set(bearer(curator.token))
      .send({ group: 'kascade', metadata: releaseMetadata() })
      .expect(201);
    const id = (created.body as { id: string }).id;
    await t
      .http()
      .put(`/api/v1/datasets/${id}/versions/1/files/a.csv`)
      .set(bearer(curator.token))
      .send('a\n')
      .expect(201);
    await t.http().post(`/api/v1/datasets/${id}/versions`).set(bearer(curator.token)).expect(409);
    await t.http().post(`/api/v1/datasets/${id}/versions/1/publish`).set(bearer(curator.token)).expect(200);
    await t
      .http()
      .post(`/api/v1/datasets/${id}/versions/1/withdraw`)
      .set(bearer(curator.token))
      .send({ reason: 'wrong run' })
      .expect(200);
    const refused = await t
      .http()
      .post(`/api/v1/datasets/${id}/versions`)
      .set(bearer(curator.token))
      .expect(409);
    expect(refused.body).toMatchObject({ code: 'catalogue.invalid-state' });
  });

  it('has an audit entry, with actor and digests, for every change', async () => {
    const rows: AuditRow[] = await t.db.dataSource.query(
      `SELECT action, entity_type, before_sha256, after_sha256, actor_id FROM audit_log WHERE dataset_id = $1 ORDER BY id`,
      [datasetId],
    );
    expect(rows.map((row) => row.action)).toEqual([
      'dataset.created',
      'version.created',
      'version.metadata-set',
      'file.added',
      'version.published',
      'version.metadata-revised',
      'version.created',
      'file.added',
      'version.published',
      'version.withdrawn',
    ]);
    expect(rows.every((row) => row.actor_id === curator.id)).toBe(true);
    const revised = rows.find((row) => row.action === 'version.metadata-revised');
    expect(revised?.before_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(revised?.after_sha256).not.toBe(revised?.before_sha256);
    const trail = await t
      .http()
      .get(`/api/v1/datasets/${datasetId}/audit?limit=4`)
      .set(bearer(curator.token))
      .expect(200);
    const page = trail.body as { items: Array<{ action: string }>; nextCursor: string };
    expect(page.items.map((entry) => entry.action)).toEqual(rows.slice(0, 4).map((row) => row.action));
    const next = await t
      .http()
      .get(`/api/v1/datasets/${datasetId}/audit?limit=4&cursor=${page.nextCursor}`)
      .set(bearer(curator.token))
      .expect(200);
    expect((next.body as { items: Array<{ action: string }> }).items.map((entry) => entry.action)).toEqual(
      rows.slice(4, 8).map((row) => row.action),
    );
  });
});
