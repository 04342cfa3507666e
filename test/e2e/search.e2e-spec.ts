import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SearchWorkers } from '@apdc/search';
import { loadReleaseFixture } from '../fixtures/releases/index.js';
import { type TestApp, bearer, createTestApp, releaseMetadata } from '../support/test-app.js';

interface Hit {
  datasetId: string;
  title: string;
  state: string;
  doi: string | null;
  experiments: Array<{ value: string; label: string }>;
  highlights: { title?: string; description?: string };
  access: string;
}
interface Results {
  total: number;
  items: Hit[];
  facets: Record<string, Array<{ value: string; label: string; count: number }>>;
  nextCursor: string | null;
  adapter: string;
}
interface Problem {
  type: string;
  status: number;
  violations: Array<{ path: string; message: string }>;
}

const FIXTURES = [
  'icecat-1',
  'icecube-hese-7yr',
  'km3net-km3-230213a',
  'fermi-3fhl',
  'hess-hgps',
  'auger-uhecr-2014',
] as const;
type FixtureKey = (typeof FIXTURES)[number];

describe('GET /api/v1/search over the real-data fixtures', () => {
  let t: TestApp;
  let curator: { id: string; token: string };
  let member: { id: string; token: string };
  const ids = new Map<FixtureKey | 'draft' | 'withdrawn', string>();

  const search = async (query: string, token?: string): Promise<Results> => {
    const request = t.http().get(`/api/v1/search?${query}`);
    const response = await (token === undefined ? request : request.set(bearer(token))).expect(200);
    return response.body as Results;
  };
  const found = (results: Results): string[] => results.items.map((hit) => hit.datasetId).sort();
  const idsOf = (...keys: Array<FixtureKey | 'draft' | 'withdrawn'>): string[] =>
    keys.map((key) => ids.get(key) ?? key).sort();
  /** Waits until the workers have indexed every committed change. */
  const indexed = async (): Promise<void> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const report = await t.http().get('/api/v1/search/consistency').set(bearer(t.adminToken)).expect(200);
      if ((report.body as { consistent: boolean }).consistent) return;
      if (Date.now() > deadline) throw new Error(`index not consistent: ${JSON.stringify(report.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const publish = async (metadata: Record<string, unknown>, group = 'collaborations'): Promise<string> => {
    const created = await t
      .http()
      .post('/api/v1/datasets')
      .set(bearer(curator.token))
      .send({ group, metadata })
      .expect(201);
    const id = (created.body as { id: string }).id;
    await t
      .http()
      .put(`/api/v1/datasets/${id}/versions/1/files/README.txt`)
      .set(bearer(curator.token))
      .set('Content-Type', 'text/plain')
      .send('About this release.\n')
      .expect(201);
    await t.http().post(`/api/v1/datasets/${id}/versions/1/publish`).set(bearer(curator.token)).expect(200);
    return id;
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(SearchWorkers).start({ verifyOnStart: false });
    await t.createGroup('collaborations');
    await t.createGroup('icecube-members');
    curator = await t.createUser('curator', ['collaborations', 'icecube-members']);
    member = await t.createUser('reader', ['icecube-members']);
    for (const key of FIXTURES) ids.set(key, await publish(loadReleaseFixture(key)));
    const draft = await t
      .http()
      .post('/api/v1/datasets')
      .set(bearer(curator.token))
      .send({
        group: 'icecube-members',
        metadata: releaseMetadata({
          '@context': 'https://w3id.org/apdc/context/v1',
          name: 'Unreleased neutrino candidates',
          facility: 'icecube',
        }),
      })
      .expect(201);
    ids.set('draft', (draft.body as { id: string }).id);
    ids.set('withdrawn', await publish(releaseMetadata({ name: 'Neutrino flux, retracted' })));
    await t
      .http()
      .post(`/api/v1/datasets/${ids.get('withdrawn') ?? ''}/versions/1/withdraw`)
      .set(bearer(curator.token))
      .send({ reason: 'An error in the energy calibration' })
      .expect(200);
    await indexed();
  }, 120_000);

  afterAll(async () => {
    await t.close();
  });

  it('finds released fixtures by words, with facets labelled from the vocabularies', async () => {
    const results = await search('q=neutrino');
    expect(results.adapter).toBe('postgresql');
    expect(found(results)).toEqual(idsOf('icecat-1', 'icecube-hese-7yr', 'km3net-km3-230213a'));
    expect(results.total).toBe(3);
    const icecube = results.facets['experiment']?.find((bucket) => bucket.value === 'icecube');
    expect(icecube).toMatchObject({ count: 2 });
    expect(icecube?.label).toMatch(/IceCube/);
    expect(results.facets['messenger']).toEqual([expect.objectContaining({ value: 'neutrino', count: 3 })]);
    const marked = results.items.map(
      (hit) => `${hit.highlights.title ?? ''} ${hit.highlights.description ?? ''}`,
    );
    expect(marked.filter((text) => /<mark>neutrinos?<\/mark>/i.test(text)).length).toBeGreaterThanOrEqual(2);
  });

  it('finds a release by its DOI or concept DOI, unquoted, in any spelling', async () => {
    const id = ids.get('icecat-1') ?? '';
    const version = await t.http().get(`/api/v1/datasets/${id}/versions/1`).expect(200);
    const doi = (version.body as { doi: string }).doi;
    for (const q of [doi, doi.toUpperCase(), `https://doi.org/${doi}`, `doi:${doi}`]) {
      expect(found(await search(`q=${encodeURIComponent(q)}`))).toEqual([id]);
    }
    expect(found(await search(`q=${encodeURIComponent('10.3847/1538-4365/acfa95')}`))).toContain(id);
  });

  it('filters by experiment, messenger, energy and sky cone, as the fixtures describe the releases', async () => {
    expect(found(await search('experiment=icecube&messenger=neutrino'))).toEqual(
      idsOf('icecat-1', 'icecube-hese-7yr'),
    );
    expect(found(await search('messenger=gamma-ray&messenger=charged-cosmic-ray'))).toEqual(
      idsOf('fermi-3fhl', 'hess-hgps', 'auger-uhecr-2014'),
    );
    // KM3-230213A (about 220 PeV) and the Auger events (above 52 EeV) reach beyond 1 EeV; nothing else does.
    expect(found(await search('energyFrom=1EeV'))).toEqual(idsOf('km3net-km3-230213a', 'auger-uhecr-2014'));
    // TXS 0506+056: the all-sky releases and Auger's field of view; not the Galactic plane, not KM3's cone.
    expect(found(await search('ra=77.36&dec=5.69&radius=1'))).toEqual(
      idsOf('icecat-1', 'icecube-hese-7yr', 'fermi-3fhl', 'auger-uhecr-2014'),
    );
    // The Galactic centre lies in the H.E.S.S. survey too.
    expect(found(await search('ra=266.405&dec=-28.936&radius=0.5'))).toEqual(
      idsOf('icecat-1', 'icecube-hese-7yr', 'fermi-3fhl', 'auger-uhecr-2014', 'hess-hgps'),
    );
    expect(found(await search('ra=94.3&dec=-7.8&radius=0.1&messenger=neutrino'))).toEqual(
      idsOf('icecat-1', 'icecube-hese-7yr', 'km3net-km3-230213a'),
    );
  });

  it('shows a never-released draft to its group only, in hits and facet counts', async () => {
    const anonymous = await search('q=neutrino');
    expect(found(anonymous)).not.toContain(ids.get('draft'));
    const asMember = await search('q=neutrino', member.token);
    expect(found(asMember)).toEqual(idsOf('icecat-1', 'icecube-hese-7yr', 'km3net-km3-230213a', 'draft'));
    expect(asMember.items.find((hit) => hit.datasetId === ids.get('draft'))?.state).toBe('draft');
    expect(asMember.facets['experiment']?.find((bucket) => bucket.value === 'icecube')?.count).toBe(3);
    expect(found(await search('q=retracted', t.adminToken))).toEqual([]);
  });

  it('follows corrections and withdrawals through the outbox', async () => {
    const id = ids.get('fermi-3fhl') ?? '';
    const metadata = {
      ...loadReleaseFixture('fermi-3fhl'),
      name: 'The Third Catalog of Hard Fermi-LAT Sources (corrected)',
    };
    await t
      .http()
      .put(`/api/v1/datasets/${id}/versions/1/metadata?reason=Title%20typo`)
      .set(bearer(curator.token))
      .send(metadata)
      .expect((response) => expect([200, 204]).toContain(response.status));
    await indexed();
    expect(found(await search('q=title:corrected'))).toEqual([id]);
    await t
      .http()
      .post(`/api/v1/datasets/${id}/versions/1/withdraw`)
      .set(bearer(curator.token))
      .send({ reason: 'Superseded' })
      .expect(200);
    await indexed();
    expect(found(await search('q=title:corrected'))).toEqual([]);
    ids.set('fermi-3fhl', 'withdrawn-fermi');
  });

  it('pages with cursors and Link headers, each hit once', async () => {
    const all = await search('sort=title&limit=100');
    const seen: string[] = [];
    let next: string | undefined = '/api/v1/search?sort=title&limit=2';
    while (next !== undefined) {
      const response: { body: unknown; headers: Record<string, string | undefined> } = await t
        .http()
        .get(next)
        .expect(200);
      seen.push(...(response.body as Results).items.map((hit) => hit.datasetId));
      const link = response.headers['link'];
      next = link === undefined ? undefined : /<([^>]+)>; rel="next"/.exec(link)?.[1];
    }
    expect(seen).toEqual(all.items.map((hit) => hit.datasetId));
    expect(seen.length).toBe(all.total);
    const page = await search('sort=title&limit=2');
    const reused = await t
      .http()
      .get(`/api/v1/search?sort=newest&limit=2&cursor=${page.nextCursor ?? ''}`)
      .expect(400);
    expect((reused.body as Problem).violations[0]?.path).toBe('cursor');
  });

  it('answers malformed requests with a 400 problem that names every problem', async () => {
    const cases: Array<[string, string[]]> = [
      ['q=%22unbalanced', ['q']],
      ['q=title%3A', ['q']],
      ['q=(neutrino', ['q']],
      ['q=a%07b', ['q']],
      [`q=${'AND%20'.repeat(1700)}`, ['q']],
      ['experimnt=icecube', ['experimnt']],
      ['ra=10&dec=5', ['ra']],
      ['ra=10&dec=5&radius=500', ['radius']],
      ['ra=abc&dec=5&radius=1', ['ra']],
      ['energyFrom=lots', ['energyFrom']],
      ['energyFrom=1EeV&energyTo=1TeV', ['energyTo']],
      ['timeFrom=2014-02-30', ['timeFrom']],
      ['yearFrom=2020&yearTo=2010', ['yearTo']],
      ['access=free', ['access']],
      ['limit=1000&sort=best', ['limit', 'sort']],
      ['cursor=bm90LWEtY3Vyc29y', ['cursor']],
    ];
    for (const [query, paths] of cases) {
      const response = await t.http().get(`/api/v1/search?${query}`).expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = response.body as Problem;
      expect(problem.type).toBe('urn:apdc:problem:search.invalid-query');
      expect(problem.violations.map((violation) => violation.path).sort()).toEqual(paths.sort());
    }
  });

  it('checks consistency and reindexes for administrators only', async () => {
    await t.http().get('/api/v1/search/consistency').expect(401);
    await t.http().get('/api/v1/search/consistency').set(bearer(member.token)).expect(403);
    await t.db.dataSource.query(`DELETE FROM search_documents WHERE dataset_id = $1`, [ids.get('icecat-1')]);
    const before = await search('q=neutrino&facets=false');
    const report = await t.http().get('/api/v1/search/consistency').set(bearer(t.adminToken)).expect(200);
    expect(report.body).toMatchObject({ consistent: false, missingCount: 1, missing: [ids.get('icecat-1')] });
    const job = await t.http().post('/api/v1/search/reindex').set(bearer(t.adminToken)).expect(202);
    const jobId = (job.body as { jobId: string }).jobId;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const state = await t
        .http()
        .get(`/api/v1/search/reindex/${jobId}`)
        .set(bearer(t.adminToken))
        .expect(200);
      if ((state.body as { state: string }).state === 'completed') break;
      if (Date.now() > deadline) throw new Error(`reindex did not complete: ${JSON.stringify(state.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await indexed();
    expect((await search('q=neutrino&facets=false')).total).toBe(before.total + 1);
  });
});
