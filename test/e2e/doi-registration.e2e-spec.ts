import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DoiRegistrationHandler, DoiRegistrationService } from '@apdc/doi-registration';
import { JobQueue, RELEASE_EVENT_QUEUES } from '@apdc/jobs';
import {
  DATACITE_STAND_IN_DEFAULTS,
  type DataCiteStandIn,
  startDataCiteStandIn,
} from '../support/datacite-stand-in.js';
import { type TestApp, bearer, createTestApp, releaseMetadata } from '../support/test-app.js';

interface VersionBody {
  doi: string | null;
  doiStatus: string;
  doiLastError: string | null;
}

interface RelatedIdentifier {
  relatedIdentifier: string;
  relationType: string;
}

describe('DOI registration with DataCite (stand-in)', () => {
  let standIn: DataCiteStandIn;
  let t: TestApp;
  let curator: { id: string; token: string };

  beforeAll(async () => {
    standIn = await startDataCiteStandIn();
    t = await createTestApp({
      APDC_DATACITE_URL: standIn.url,
      APDC_DATACITE_USER: DATACITE_STAND_IN_DEFAULTS.username,
      APDC_DATACITE_PASSWORD: DATACITE_STAND_IN_DEFAULTS.password,
    });
    const jobs = t.app.get(JobQueue);
    const registration = t.app.get(DoiRegistrationService);
    for (const queue of RELEASE_EVENT_QUEUES)
      await jobs.work(new DoiRegistrationHandler(queue, registration));
    await t.createGroup('kascade');
    curator = await t.createUser('curator', ['kascade']);
  });
  afterAll(async () => {
    await t.close();
    await standIn.stop();
  });

  async function version(datasetId: string, number: number): Promise<VersionBody> {
    const response = await t
      .http()
      .get(`/api/v1/datasets/${datasetId}/versions/${number}`)
      .set(bearer(curator.token));
    return response.body as VersionBody;
  }

  async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 45_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  async function publishNew(title: string): Promise<string> {
    const created = await t
      .http()
      .post('/api/v1/datasets')
      .set(bearer(curator.token))
      .send({ group: 'kascade', metadata: releaseMetadata({ name: title }) })
      .expect(201);
    const id = (created.body as { id: string }).id;
    await t
      .http()
      .put(`/api/v1/datasets/${id}/versions/1/files/events.csv`)
      .set(bearer(curator.token))
      .send('a,b\n')
      .expect(201);
    await t.http().post(`/api/v1/datasets/${id}/versions/1/publish`).set(bearer(curator.token)).expect(200);
    return id;
  }

  const stored = (doi: string) => standIn.dois.get(doi.toLowerCase());
  const relations = (doi: string): RelatedIdentifier[] =>
    (stored(doi)?.attributes['relatedIdentifiers'] as RelatedIdentifier[] | undefined) ?? [];
  const titleOf = (doi: string): string | undefined =>
    (stored(doi)?.attributes['titles'] as Array<{ title: string }> | undefined)?.[0]?.title;

  it('registers version and concept DOIs on publication, with the right relations, and keeps the concept on the newest', async () => {
    const id = await publishNew('KASCADE-like events, first release');
    await waitFor(async () => (await version(id, 1)).doiStatus === 'findable', 'v1 findable');
    const v1 = (await version(id, 1)).doi as string;
    const dataset = await t.http().get(`/api/v1/datasets/${id}`).expect(200);
    const concept = (dataset.body as { conceptDoi: string }).conceptDoi;
    expect(v1).toMatch(/^10\.5072\/[0-9a-z-]+$/);
    expect(stored(v1)).toMatchObject({
      state: 'findable',
      url: `${t.config.http.publicUrl}/datasets/${id}/versions/1`,
    });
    expect(relations(v1)).toContainEqual(
      expect.objectContaining({ relatedIdentifier: concept, relationType: 'IsVersionOf' }),
    );

    await t.http().post(`/api/v1/datasets/${id}/versions`).set(bearer(curator.token)).expect(201);
    await t
      .http()
      .put(`/api/v1/datasets/${id}/versions/2/metadata`)
      .set(bearer(curator.token))
      .send(releaseMetadata({ name: 'KASCADE-like events, second release' }))
      .expect(200);
    await t.http().post(`/api/v1/datasets/${id}/versions/2/publish`).set(bearer(curator.token)).expect(200);
    await waitFor(async () => (await version(id, 2)).doiStatus === 'findable', 'v2 findable');
    const v2 = (await version(id, 2)).doi as string;

    expect([v1, v2, concept].map((doi) => stored(doi)?.state)).toEqual(['findable', 'findable', 'findable']);
    expect(stored(concept)?.url).toBe(`${t.config.http.publicUrl}/datasets/${id}`);
    expect(titleOf(concept)).toBe('KASCADE-like events, second release');
    expect(
      relations(concept)
        .filter((r) => r.relationType === 'HasVersion')
        .map((r) => r.relatedIdentifier)
        .sort(),
    ).toEqual([v1, v2].sort());
    expect(relations(v2)).toContainEqual(
      expect.objectContaining({ relatedIdentifier: v1, relationType: 'IsNewVersionOf' }),
    );

    await t
      .http()
      .post(`/api/v1/datasets/${id}/versions/1/withdraw`)
      .set(bearer(curator.token))
      .send({ reason: 'bad calibration' })
      .expect(200);
    await waitFor(() => Promise.resolve(stored(v1)?.state === 'registered'), 'v1 hidden');
    await t.http().get(`/api/v1/datasets/${id}/versions/1`).expect(410);
    expect(stored(v1)?.url).toBe(`${t.config.http.publicUrl}/datasets/${id}/versions/1`);
    expect(stored(concept)?.state).toBe('findable');
  });

  it('keeps a DOI pending while DataCite is down, retries, and registers it once it is back — once', async () => {
    const before = new Set(standIn.dois.keys());
    standIn.setDown(true);
    const id = await publishNew('Published during a DataCite outage');
    await waitFor(async () => (await version(id, 1)).doiLastError !== null, 'a failed attempt');
    expect(await version(id, 1)).toMatchObject({
      doiStatus: 'pending',
      doiLastError: expect.any(String) as unknown,
    });
    standIn.setDown(false);
    await waitFor(
      async () => (await version(id, 1)).doiStatus === 'findable',
      'registration after the outage',
      90_000,
    );
    const added = [...standIn.dois.keys()].filter((doi) => !before.has(doi));
    const v1 = (await version(id, 1)).doi as string;
    const dataset = await t.http().get(`/api/v1/datasets/${id}`).expect(200);
    expect(added.sort()).toEqual([v1, (dataset.body as { conceptDoi: string }).conceptDoi].sort());
    expect(await version(id, 1)).toMatchObject({ doiStatus: 'findable', doiLastError: null });
  }, 120_000);
});
