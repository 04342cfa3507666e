import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadReleaseFixture } from '../fixtures/releases/index.js';
import { parseBibtexWithPeer } from '../support/peer-tools.js';
import { type TestApp, bearer, bodyAsText, createTestApp } from '../support/test-app.js';

/** Citations of a real-data release, read back by tools nobody here wrote. */
describe('citations read by peer tools', () => {
  let t: TestApp;
  let doi: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.createGroup('icecube');
    const curator = await t.createUser('curator', ['icecube']);
    const created = await t
      .http()
      .post('/api/v1/datasets')
      .set(bearer(curator.token))
      .send({ group: 'icecube', metadata: loadReleaseFixture('icecat-1') })
      .expect(201);
    const id = (created.body as { id: string }).id;
    await t
      .http()
      .put(`/api/v1/datasets/${id}/versions/1/files/README.txt`)
      .set(bearer(curator.token))
      .send('IceCat-1\n')
      .expect(201);
    await t.http().post(`/api/v1/datasets/${id}/versions/1/publish`).set(bearer(curator.token)).expect(200);
    const version = await t.http().get(`/api/v1/datasets/${id}/versions/1`).expect(200);
    doi = (version.body as { doi: string }).doi;
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves BibTeX for a DOI that python3-bibtexparser reads with title, authors, year and DOI', async () => {
    const response = await t
      .http()
      .get(`/doi/${doi}`)
      .set('Accept', 'application/x-bibtex')
      .buffer(true)
      .parse(bodyAsText);
    expect(response.status).toBe(200);
    const entries = await parseBibtexWithPeer(response.body as string);
    if (entries === 'skipped') return;
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry?.['title']).toContain('IceCat-1');
    expect(entry?.['author']).toContain('IceCube Collaboration');
    expect(entry?.['year']).toBe(String(loadReleaseFixture('icecat-1')['datePublished']).slice(0, 4));
    expect(entry?.['doi']).toBe(doi);
  });
});
