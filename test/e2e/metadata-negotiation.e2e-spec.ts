import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import { METADATA_FORMATS } from '@apdc/metadata';
import { loadReleaseFixture } from '../fixtures/releases/index.js';
import { type TestApp, bearer, bodyAsText, createTestApp } from '../support/test-app.js';
import { expectValidXml } from '../support/xml-validation.js';

const refuseNetwork = (url: string): Promise<never> => Promise.reject(new Error(`network refused: ${url}`));

async function triplesOf(document: unknown): Promise<string[]> {
  const nquads = (await jsonld.toRDF(document as jsonld.JsonLdDocument, {
    format: 'application/n-quads',
    documentLoader: refuseNetwork as unknown as jsonld.Options.DocLoader['documentLoader'],
  })) as unknown as string;
  return new Parser({ format: 'N-Quads' })
    .parse(nquads)
    .map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`);
}

describe('version metadata with content negotiation', () => {
  let t: TestApp;
  let curator: { id: string; token: string };
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.createGroup('icecube');
    curator = await t.createUser('curator', ['icecube']);
    const created = await t
      .http()
      .post('/api/v1/datasets')
      .set(bearer(curator.token))
      .send({ group: 'icecube', metadata: loadReleaseFixture('icecat-1') })
      .expect(201);
    const id = (created.body as { id: string }).id;
    base = `/api/v1/datasets/${id}/versions/1`;
    await t
      .http()
      .put(`${base}/files/README.txt`)
      .set(bearer(curator.token))
      .set('Content-Type', 'text/plain')
      .send('IceCat-1 description\n')
      .expect(201);
    await t.http().post(`${base}/publish`).set(bearer(curator.token)).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the stored canonical JSON-LD by default', async () => {
    const response = await t.http().get(`${base}/metadata`).expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/ld\+json/);
    expect(JSON.parse(response.text)).toMatchObject({
      '@context': 'https://w3id.org/apdc/context/v1',
      '@type': 'Dataset',
    });
    expect(response.headers['vary']).toMatch(/Accept/);
    expect(String(response.headers['link'])).toContain(
      'rel="alternate"; type="application/vnd.datacite.datacite+xml"',
    );
  });

  it.each(METADATA_FORMATS.map((format) => [format.key, format] as const))(
    'serves %s when asked by Accept',
    async (_key, format) => {
      const accept =
        format.profile === undefined ? format.mediaType : `${format.mediaType}; profile="${format.profile}"`;
      const response = await t
        .http()
        .get(`${base}/metadata`)
        .set('Accept', accept)
        .buffer(true)
        .parse(bodyAsText);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toContain(format.mediaType);
      const viaQuery = await t
        .http()
        .get(`${base}/metadata?format=${encodeURIComponent(format.key)}`)
        .buffer(true)
        .parse(bodyAsText);
      expect(viaQuery.body).toBe(response.body);
    },
  );

  const get = async (format: string): Promise<string> => {
    const response = await t.http().get(`${base}/metadata?format=${format}`).buffer(true).parse(bodyAsText);
    expect(response.status).toBe(200);
    return response.body as string;
  };

  it('produces DataCite XML valid against the official 4.7 schema, and oai_dc valid against its XSD', async () => {
    const datacite = await get('datacite-xml');
    expect(datacite).toContain('IceCat-1');
    await expectValidXml('datacite', datacite);
    await expectValidXml('oai_dc.xsd', await get('oai_dc'));
  });

  it('produces schema.org and DCAT that parse as RDF offline and carry the fields search engines and portals read', async () => {
    const schemaOrg = await triplesOf(JSON.parse(await get('schema.org')));
    for (const property of [
      'name',
      'description',
      'creator',
      'license',
      'temporalCoverage',
      'distribution',
      'variableMeasured',
      'isAccessibleForFree',
    ]) {
      expect(schemaOrg.some((triple) => triple.includes(` https://schema.org/${property} `))).toBe(true);
    }
    expect(schemaOrg.some((triple) => triple.endsWith('https://spdx.org/licenses/CC0-1.0'))).toBe(true);
    const dcat = await triplesOf(JSON.parse(await get('dcat')));
    expect(dcat.some((triple) => triple.endsWith('http://www.w3.org/ns/dcat#Dataset'))).toBe(true);
    expect(dcat.some((triple) => triple.includes('http://www.w3.org/ns/dcat#distribution'))).toBe(true);
    const turtle = new Parser().parse(await get('dcat-turtle'));
    expect(turtle.length).toBe(dcat.length);
    const prov = await triplesOf(JSON.parse(await get('prov')));
    expect(prov.some((triple) => triple.includes('http://www.w3.org/ns/prov#wasGeneratedBy'))).toBe(true);
  });

  it('answers 406 with every offered format when nothing acceptable is offered', async () => {
    const response = await t.http().get(`${base}/metadata`).set('Accept', 'image/png').expect(406);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const offered = (response.body as { offered: Array<{ format: string; mediaType: string }> }).offered;
    expect(offered.map((format) => format.format)).toEqual(METADATA_FORMATS.map((format) => format.key));
    await t.http().get(`${base}/metadata?format=marc21`).expect(406);
    await t
      .http()
      .get(`${base}/metadata`)
      .set('Accept', 'application/ld+json; profile="http://example.org/unknown"')
      .expect(406);
  });

  it('serves the stored JSON-LD to clients that accept anything or plain JSON', async () => {
    for (const accept of ['*/*', 'application/json', 'text/html;q=0.9, */*;q=0.8']) {
      const response = await t.http().get(`${base}/metadata`).set('Accept', accept);
      expect({ accept, status: response.status, type: response.headers['content-type'] }).toEqual({
        accept,
        status: 200,
        type: expect.stringMatching(/^application\/ld\+json/) as unknown,
      });
    }
  });

  it('prefers by q-value and specificity', async () => {
    const response = await t
      .http()
      .get(`${base}/metadata`)
      .set('Accept', 'application/x-bibtex;q=0.5, application/vnd.citationstyles.csl+json, */*;q=0.1');
    expect(response.headers['content-type']).toContain('application/vnd.citationstyles.csl+json');
  });
});
