import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HtmlValidate } from 'html-validate';
import type { Response } from 'supertest';
import { CITATION_STYLES, METADATA_FORMATS } from '@apdc/metadata';
import { loadReleaseFixture, releaseDataPath, releaseFixture } from '../fixtures/releases/index.js';
import { type TestApp, bearer, bodyAsText, createTestApp } from '../support/test-app.js';

/**
 * The HTML5 rules html-validate recommends (syntax, content models, attributes, accessibility basics), with
 * void elements self-closed as the pages write them (Prettier's form of the templates; both are HTML5).
 */
const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: { 'void-style': ['error', { style: 'selfclose' }] },
});

async function expectValidHtml(document: string): Promise<void> {
  const report = await validator.validateString(document, 'landing-page.html');
  const problems = report.results.flatMap((result) =>
    result.messages.map(
      (message) => `${message.line}:${message.column} ${message.ruleId}: ${message.message}`,
    ),
  );
  expect(problems).toEqual([]);
  expect(report.valid).toBe(true);
}

interface ParsedLink {
  readonly href: string;
  readonly rel: string;
  readonly params: Readonly<Record<string, string>>;
}

/** An RFC 8288 Link header as a list of links (enough of the grammar for the values the API writes). */
function parseLinkHeader(header: string): ParsedLink[] {
  const links: ParsedLink[] = [];
  const pattern = /<([^>]*)>((?:\s*;\s*[a-zA-Z*-]+=(?:"[^"]*"|[^;,]*))*)/g;
  for (const match of header.matchAll(pattern)) {
    const params: Record<string, string> = {};
    for (const param of (match[2] ?? '').matchAll(/;\s*([a-zA-Z*-]+)=("[^"]*"|[^;,]*)/g)) {
      params[(param[1] ?? '').toLowerCase()] = (param[2] ?? '').replace(/^"|"$/g, '');
    }
    links.push({ href: match[1] ?? '', rel: params['rel'] ?? '', params });
  }
  return links;
}

/** The RFC 9264 §4.2 shape: `linkset` is an array of link context objects, each target an object with href. */
function expectRfc9264Linkset(document: unknown): Array<Record<string, unknown>> {
  expect(typeof document).toBe('object');
  expect(Object.keys(document as object)).toEqual(['linkset']);
  const contexts = (document as { linkset: unknown }).linkset;
  expect(Array.isArray(contexts)).toBe(true);
  for (const context of contexts as Array<Record<string, unknown>>) {
    expect(typeof context['anchor']).toBe('string');
    expect(() => new URL(context['anchor'] as string)).not.toThrow();
    for (const [relation, targets] of Object.entries(context)) {
      if (relation === 'anchor') continue;
      expect(Array.isArray(targets)).toBe(true);
      for (const target of targets as Array<Record<string, unknown>>) {
        expect(typeof target['href']).toBe('string');
        expect(() => new URL(target['href'] as string)).not.toThrow();
        for (const [attribute, value] of Object.entries(target)) {
          if (attribute === 'href') continue;
          // type and title are strings; hreflang and every extension attribute (profile) are arrays.
          if (attribute === 'type' || attribute === 'title') expect(typeof value).toBe('string');
          else expect(Array.isArray(value)).toBe(true);
        }
      }
    }
  }
  return contexts as Array<Record<string, unknown>>;
}

const textBody = (response: Response): string => response.text;

function jsonLdOf(page: string): Record<string, unknown> {
  const scripts = [...page.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
  expect(scripts).toHaveLength(1);
  return JSON.parse(scripts[0]?.[1] ?? '') as Record<string, unknown>;
}

describe('landing pages, DOI resolver and Signposting', () => {
  let t: TestApp;
  let curator: { id: string; token: string };
  let datasetId: string;
  let conceptDoi: string;
  const versionDois: string[] = [];
  let withdrawn: { datasetId: string; doi: string };
  const fixture = releaseFixture('icecat-1');
  const csvName = 'IceCube_Gold_Bronze_Tracks.csv';
  const csv = readFileSync(releaseDataPath(fixture, csvName));
  const csvSha256 = createHash('sha256').update(csv).digest('hex');
  const orcid = '0000-0002-1825-0097';

  const api = (path: string): string => `/api/v1/datasets/${datasetId}${path}`;

  /** GET with the body read as text whatever its type (supertest only buffers types it knows). */
  const getText = (path: string, accept?: string) => {
    const request = t.http().get(path);
    return (accept === undefined ? request : request.set('Accept', accept)).buffer(true).parse(bodyAsText);
  };

  async function publishFixture(metadata: Record<string, unknown>): Promise<string> {
    const created = await t
      .http()
      .post('/api/v1/datasets')
      .set(bearer(curator.token))
      .send({ group: 'icecube', metadata })
      .expect(201);
    const id = (created.body as { id: string }).id;
    await t
      .http()
      .put(`/api/v1/datasets/${id}/versions/1/files/${csvName}`)
      .set(bearer(curator.token))
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(201);
    await t.http().post(`/api/v1/datasets/${id}/versions/1/publish`).set(bearer(curator.token)).expect(200);
    return id;
  }

  const doiOf = async (id: string, number: number): Promise<string> => {
    const version = await t.http().get(`/api/v1/datasets/${id}/versions/${number}`).expect(200);
    const doi = (version.body as { doi: string | null }).doi;
    if (doi === null) throw new Error(`version ${number} of ${id} has no DOI`);
    return doi;
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.createGroup('icecube');
    curator = await t.createUser('curator', ['icecube']);
    datasetId = await publishFixture(loadReleaseFixture('icecat-1'));
    versionDois.push(await doiOf(datasetId, 1));

    // Version 2: the same release with a person among the creators (an ORCID iD, a ROR affiliation).
    await t.http().post(api('/versions')).set(bearer(curator.token)).expect(201);
    const second = loadReleaseFixture('icecat-1');
    second['version'] = '2';
    second['creator'] = [
      ...(second['creator'] as unknown[]),
      {
        '@type': 'Person',
        '@id': `https://orcid.org/${orcid}`,
        name: 'Josiah Carberry',
        givenName: 'Josiah',
        familyName: 'Carberry',
        affiliation: [
          { '@type': 'Organization', name: 'Brown University', '@id': 'https://ror.org/05gq02987' },
        ],
      },
    ];
    await t.http().put(api('/versions/2/metadata')).set(bearer(curator.token)).send(second).expect(200);
    await t.http().post(api('/versions/2/publish')).set(bearer(curator.token)).expect(200);
    versionDois.push(await doiOf(datasetId, 2));
    const dataset = await t.http().get(api('')).expect(200);
    conceptDoi = (dataset.body as { conceptDoi: string }).conceptDoi;

    const withdrawnId = await publishFixture(loadReleaseFixture('icecat-1'));
    withdrawn = { datasetId: withdrawnId, doi: await doiOf(withdrawnId, 1) };
    await t
      .http()
      .post(`/api/v1/datasets/${withdrawnId}/versions/1/withdraw`)
      .set(bearer(curator.token))
      .send({ reason: 'Directions of two alerts were wrong' })
      .expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('validates for real: the validator refuses broken HTML', async () => {
    const broken = await validator.validateString(
      '<!DOCTYPE html><html lang="en"><title>x</title><p><div></p>',
    );
    expect(broken.valid).toBe(false);
  });

  it('serves a version landing page that is valid HTML5 with every fact of the release', async () => {
    expect(versionDois).toHaveLength(2);
    expect(conceptDoi).toMatch(/^10\.\d+\//);
    const response = await t
      .http()
      .get(`/datasets/${datasetId}/versions/2`)
      .set('Accept', 'text/html')
      .expect(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['vary']).toMatch(/Accept/);
    const page = textBody(response);
    await expectValidHtml(page);

    expect(page).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(page).toContain('<meta charset="utf-8" />');
    expect(page).toContain('<h1 lang="en">IceCat-1: the IceCube Event Catalog of Alert Tracks</h1>');
    expect(page).toContain('IceCube Collaboration');
    expect(page).toContain(`<a href="https://orcid.org/${orcid}">ORCID ${orcid}</a>`);
    expect(page).toContain('<a href="https://ror.org/05gq02987">Brown University</a>');
    expect(page).toContain('348 muon-track events');
    expect(page).toContain(
      `<a href="https://doi.org/${versionDois[1]}">https://doi.org/${versionDois[1]}</a>`,
    );
    expect(page).toContain(`https://doi.org/${conceptDoi}`);
    expect(page).toContain(
      '<a href="https://spdx.org/licenses/CC0-1.0" rel="license">Creative Commons Zero v1.0 Universal</a>',
    );
    expect(page).toContain(csvSha256);
    const download = `${t.config.http.publicUrl}/api/v1/datasets/${datasetId}/versions/2/files/${csvName}`;
    expect(page).toContain(`<a href="${download}">${csvName}</a>`);
    expect(page).toContain(`(${csv.length.toLocaleString('en-US')} bytes)`);
    expect(page).toContain('62.8 KiB');
    expect(page).toContain(`href="/datasets/${datasetId}/versions/1"`);
    expect(page).toContain('neutrino');
    expect(page).toContain('IceCube');
    // Cite as: APA, links to the other styles and to the metadata formats.
    expect(page).toMatch(/<p class="citation">IceCube Collaboration, &amp; Carberry, J\. \(2023\)\./);
    for (const style of CITATION_STYLES) {
      expect(page).toContain(`href="/datasets/${datasetId}/versions/2?style=${style.key}"`);
    }
    for (const format of METADATA_FORMATS) {
      expect(page).toContain(`href="/api/v1/datasets/${datasetId}/versions/2/metadata?format=${format.key}"`);
    }

    // The download link works.
    const file = await t.http().get(new URL(download).pathname).expect(200);
    expect(createHash('sha256').update(file.text).digest('hex')).toBe(csvSha256);
  });

  it('embeds the schema.org Dataset that Google Dataset Search reads', async () => {
    const page = textBody(await t.http().get(`/datasets/${datasetId}/versions/2`).expect(200));
    const dataset = jsonLdOf(page);
    // Required by Google: name and description (50 to 5000 characters).
    expect(dataset['@type']).toBe('Dataset');
    expect(dataset['name']).toBe('IceCat-1: the IceCube Event Catalog of Alert Tracks');
    expect((dataset['description'] as string).length).toBeGreaterThanOrEqual(50);
    expect((dataset['description'] as string).length).toBeLessThanOrEqual(5000);
    // Recommended: licence, creators, identifier, URL, version, distribution, coverage, catalogue.
    expect(dataset['license']).toBe('https://spdx.org/licenses/CC0-1.0');
    expect(dataset['creator']).toEqual([
      expect.objectContaining({ '@type': 'Organization', name: 'IceCube Collaboration' }),
      expect.objectContaining({ '@type': 'Person', sameAs: `https://orcid.org/${orcid}` }),
    ]);
    expect(dataset['identifier']).toMatchObject({ value: `doi:${versionDois[1]}` });
    expect(dataset['url']).toBe(`${t.config.http.publicUrl}/datasets/${datasetId}/versions/2`);
    expect(dataset['version']).toBe('2');
    expect(dataset['distribution']).toEqual([
      expect.objectContaining({ '@type': 'DataDownload', encodingFormat: 'text/csv', sha256: csvSha256 }),
    ]);
    expect(dataset['temporalCoverage']).toBe('2011-05-14/2023-10-14');
    expect(dataset['includedInDataCatalog']).toMatchObject({ '@type': 'DataCatalog' });
    expect(dataset['isAccessibleForFree']).toBe(true);
  });

  it('serves the dataset page: the newest version, all versions, cited by the concept DOI', async () => {
    const response = await t.http().get(`/datasets/${datasetId}`).set('Accept', 'text/html').expect(200);
    const page = textBody(response);
    await expectValidHtml(page);
    expect(page).toContain('it shows the newest');
    expect(page).toContain(`href="/datasets/${datasetId}/versions/2"`);
    expect(page).toContain(`href="/datasets/${datasetId}/versions/1"`);
    expect(page).toContain(`https://doi.org/${versionDois[1]}`);
    expect(jsonLdOf(page)['version']).toBe('2');
    const links = parseLinkHeader(String(response.headers['link']));
    expect(links.find((link) => link.rel === 'cite-as')?.href).toBe(`https://doi.org/${conceptDoi}`);
    expect(links.find((link) => link.rel === 'linkset')?.href).toBe(
      `${t.config.http.publicUrl}/datasets/${datasetId}/linkset`,
    );
    const linkset = await t.http().get(`/datasets/${datasetId}/linkset`).expect(200);
    expect(expectRfc9264Linkset(JSON.parse(linkset.text))[0]?.['anchor']).toBe(
      `${t.config.http.publicUrl}/datasets/${datasetId}`,
    );
  });

  it('marks older versions and answers 404 for versions and datasets that do not exist', async () => {
    const page = textBody(await t.http().get(`/datasets/${datasetId}/versions/1`).expect(200));
    await expectValidHtml(page);
    expect(page).toContain('A newer version of this dataset exists');
    await t.http().get(`/datasets/${datasetId}/versions/9`).expect(404);
    await t.http().get(`/datasets/${datasetId}/versions/x`).expect(404);
    await t.http().get('/datasets/0190f6c2-5c4f-7000-8000-000000000000').expect(404);
  });

  it('shows drafts only to those with rights on the dataset', async () => {
    await t.http().post(api('/versions')).set(bearer(curator.token)).expect(201);
    await t.http().get(`/datasets/${datasetId}/versions/3`).expect(404);
    const draft = await t
      .http()
      .get(`/datasets/${datasetId}/versions/3`)
      .set(bearer(curator.token))
      .expect(200);
    await expectValidHtml(draft.text);
    expect(draft.text).toContain('This is a draft');
    expect(draft.text).toContain('<meta name="robots" content="noindex" />');
    // The dataset page still shows the newest published version.
    const concept = await t.http().get(`/datasets/${datasetId}`).set(bearer(curator.token)).expect(200);
    expect(jsonLdOf(concept.text)['version']).toBe('2');
  });

  it('answers a withdrawn version with 410 and an HTML tombstone that keeps the citation metadata', async () => {
    const response = await t
      .http()
      .get(`/datasets/${withdrawn.datasetId}/versions/1`)
      .set('Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')
      .expect(410);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const page = response.text;
    await expectValidHtml(page);
    expect(page).toContain('IceCat-1: the IceCube Event Catalog of Alert Tracks');
    expect(page).toContain('IceCube Collaboration');
    expect(page).toMatch(/<dt>Year<\/dt>\s*<dd>2023<\/dd>/);
    expect(page).toMatch(/<dt>Version<\/dt>\s*<dd>1<\/dd>/);
    expect(page).toContain('Directions of two alerts were wrong');
    expect(page).toMatch(/This version was withdrawn on <time datetime="[^"]+">\d{4}-\d{2}-\d{2}<\/time>/);
    expect(page).toContain(`<a href="https://doi.org/${withdrawn.doi}">https://doi.org/${withdrawn.doi}</a>`);
    expect(page).not.toContain(csvName);
    // The dataset page (all versions withdrawn) is gone too; machines get the problem with the tombstone.
    await t.http().get(`/datasets/${withdrawn.datasetId}`).expect(410);
    const problem = await t
      .http()
      .get(`/datasets/${withdrawn.datasetId}/versions/1`)
      .set('Accept', 'application/x-bibtex')
      .expect(410);
    expect(problem.headers['content-type']).toMatch(/^application\/problem\+json/);
    // Its DOI still resolves, to the tombstone.
    const resolved = await t.http().get(`/doi/${withdrawn.doi}`).expect(302);
    expect(resolved.headers['location']).toBe(
      `${t.config.http.publicUrl}/datasets/${withdrawn.datasetId}/versions/1`,
    );
  });

  it('resolves a version DOI to its landing page and a concept DOI to the dataset page, case-insensitively', async () => {
    for (const accept of [
      undefined,
      '*/*',
      'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    ]) {
      const request = t.http().get(`/doi/${versionDois[0] ?? ''}`);
      const response = await (accept === undefined ? request : request.set('Accept', accept)).expect(302);
      expect(response.headers['location']).toBe(
        `${t.config.http.publicUrl}/datasets/${datasetId}/versions/1`,
      );
      const links = parseLinkHeader(String(response.headers['link']));
      expect(links.find((link) => link.rel === 'cite-as')?.href).toBe(`https://doi.org/${versionDois[0]}`);
    }
    const upper = await t
      .http()
      .get(`/doi/${(versionDois[1] ?? '').toUpperCase()}`)
      .expect(302);
    expect(upper.headers['location']).toBe(`${t.config.http.publicUrl}/datasets/${datasetId}/versions/2`);

    const concept = await t.http().get(`/doi/${conceptDoi}`).expect(302);
    expect(concept.headers['location']).toBe(`${t.config.http.publicUrl}/datasets/${datasetId}`);
    const newest = await t
      .http()
      .get(new URL(String(concept.headers['location'])).pathname)
      .expect(200);
    expect(jsonLdOf(newest.text)['identifier']).toMatchObject({ value: `doi:${versionDois[1]}` });

    await t.http().get('/doi/10.5072/unknown-doi').expect(404);
  });

  it.each(METADATA_FORMATS.map((format) => [format.key, format] as const))(
    'answers %s on the resolver and the landing page, the same as the metadata endpoint',
    async (key, format) => {
      const accept =
        format.profile === undefined ? format.mediaType : `${format.mediaType}; profile="${format.profile}"`;
      // Plain application/ld+json means schema.org on landing pages and DOIs (see the next test); ?format=jsonld stays ours.
      const byAccept = key === 'jsonld' ? 'schema.org' : key;
      const expected = await getText(api(`/versions/2/metadata?format=${byAccept}`));
      expect(expected.status).toBe(200);
      for (const path of [`/doi/${versionDois[1]}`, `/datasets/${datasetId}/versions/2`]) {
        const response = await getText(path, accept);
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
        expect(response.headers['content-type']).toContain(format.mediaType);
        expect(response.body).toBe(expected.body);
        expect(response.headers['vary']).toBe('Accept, Authorization');
        expect(String(response.headers['link'])).toContain('rel="cite-as"');
      }
      const byKey = await getText(`/doi/${versionDois[1]}?format=${key}`);
      expect(byKey.body).toBe((await getText(api(`/versions/2/metadata?format=${key}`))).body);
    },
  );

  it('answers plain application/ld+json on a DOI with schema.org, as DataCite does', async () => {
    const response = await t
      .http()
      .get(`/doi/${versionDois[0] ?? ''}`)
      .set('Accept', 'application/ld+json')
      .expect(200);
    const document = JSON.parse(response.text) as Record<string, unknown>;
    expect(document['@type']).toBe('Dataset');
    expect(JSON.stringify(document['@context'])).toContain('https://schema.org/');
  });

  it('answers the concept DOI with the metadata of the newest version', async () => {
    const response = await t
      .http()
      .get(`/doi/${conceptDoi}`)
      .set('Accept', 'application/x-bibtex')
      .expect(200);
    expect(response.text).toMatch(new RegExp(`doi\\s+= \\{${(versionDois[1] ?? '').replace('.', '\\.')}\\}`));
  });

  it('answers text/x-bibliography in the style and locale asked for', async () => {
    const cite = async (accept: string, query = ''): Promise<string> => {
      const response = await t.http().get(`/doi/${versionDois[1]}${query}`).set('Accept', accept).expect(200);
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
      return response.text;
    };
    const apa = await cite('text/x-bibliography; style=apa');
    expect(apa).toMatch(/^IceCube Collaboration, & Carberry, J\. \(2023\)\. IceCat-1/);
    expect(apa).toContain(`https://doi.org/${versionDois[1]}`);
    expect(await cite('text/x-bibliography')).toBe(apa);
    const ieee = await cite('text/x-bibliography; style=ieee');
    expect(ieee).not.toBe(apa);
    expect(ieee).toContain('IceCat-1');
    const chicago = await cite('text/x-bibliography; style=chicago');
    expect(chicago).toContain('IceCube Collaboration, and Josiah Carberry.');
    const german = await cite('text/x-bibliography; style=chicago; locale=de-DE');
    expect(german).toContain('IceCube Collaboration, und Josiah Carberry.');
    // The query works as well, on the resolver and the page, and wins over Accept parameters.
    expect(await cite('*/*', '?style=ieee')).toBe(ieee);
    expect(await cite('text/x-bibliography; style=apa', '?style=chicago&locale=de')).toBe(german);
    const page = await t
      .http()
      .get(`/datasets/${datasetId}/versions/2?style=chicago&locale=de-DE`)
      .expect(200);
    expect(page.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(page.text).toBe(german);
    // An unknown style is not acceptable.
    const unknown = await t
      .http()
      .get(`/doi/${versionDois[1]}`)
      .set('Accept', 'text/x-bibliography; style=no-such-style')
      .expect(406);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers 406 listing what it offers when nothing acceptable is', async () => {
    for (const path of [`/doi/${versionDois[1]}`, `/datasets/${datasetId}/versions/2`]) {
      const response = await t.http().get(path).set('Accept', 'image/png').expect(406);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      const offered = (response.body as { offered: Array<{ mediaType: string }> }).offered.map(
        (representation) => representation.mediaType,
      );
      expect(offered).toEqual(
        expect.arrayContaining([
          'text/html',
          'text/x-bibliography',
          'application/linkset+json',
          ...METADATA_FORMATS.map((format) => format.mediaType),
        ]),
      );
    }
    await t.http().get(`/datasets/${datasetId}/versions/2?format=marc21`).expect(406);
  });

  it('prefers the page when HTML is as acceptable as anything else', async () => {
    const cases: Array<[string, RegExp]> = [
      ['text/html;q=0.9, */*;q=0.8', /^text\/html/],
      ['application/ld+json, text/html', /^text\/html/],
      ['text/*', /^text\/html/],
      ['application/ld+json, text/html;q=0.5', /^application\/ld\+json/],
      ['application/json', /^application\/ld\+json/],
    ];
    for (const [accept, type] of cases) {
      const response = await t
        .http()
        .get(`/datasets/${datasetId}/versions/2`)
        .set('Accept', accept)
        .expect(200);
      expect({ accept, type: response.headers['content-type'] }).toEqual({
        accept,
        type: expect.stringMatching(type),
      });
    }
  });

  it('signposts the landing page (FAIR Signposting level 2) in the Link header and the link set', async () => {
    const base = t.config.http.publicUrl;
    const anchor = `${base}/datasets/${datasetId}/versions/2`;
    const response = await t.http().get(`/datasets/${datasetId}/versions/2`).expect(200);
    const links = parseLinkHeader(String(response.headers['link']));
    const rel = (relation: string): ParsedLink[] => links.filter((link) => link.rel === relation);
    expect(rel('cite-as').map((link) => link.href)).toEqual([`https://doi.org/${versionDois[1]}`]);
    expect(rel('describedby')).toHaveLength(METADATA_FORMATS.length);
    for (const format of METADATA_FORMATS) {
      expect(rel('describedby')).toContainEqual({
        href: `${base}/api/v1/datasets/${datasetId}/versions/2/metadata?format=${format.key}`,
        rel: 'describedby',
        params: {
          rel: 'describedby',
          type: format.mediaType,
          ...(format.profile === undefined ? {} : { profile: format.profile }),
        },
      });
    }
    expect(rel('item')).toEqual([
      {
        href: `${base}/api/v1/datasets/${datasetId}/versions/2/files/${csvName}`,
        rel: 'item',
        params: { rel: 'item', type: 'text/csv' },
      },
    ]);
    expect(rel('license').map((link) => link.href)).toEqual(['https://spdx.org/licenses/CC0-1.0']);
    expect(rel('type').map((link) => link.href)).toEqual([
      'https://schema.org/Dataset',
      'https://schema.org/AboutPage',
    ]);
    expect(rel('author').map((link) => link.href)).toEqual([`https://orcid.org/${orcid}`]);
    expect(rel('linkset')).toEqual([
      {
        href: `${anchor}/linkset`,
        rel: 'linkset',
        params: { rel: 'linkset', type: 'application/linkset+json' },
      },
    ]);

    const linkset = await t.http().get(`/datasets/${datasetId}/versions/2/linkset`).expect(200);
    expect(linkset.headers['content-type']).toMatch(/^application\/linkset\+json/);
    const contexts = expectRfc9264Linkset(JSON.parse(linkset.text));
    const page = contexts.find((context) => context['anchor'] === anchor);
    expect(page).toBeDefined();
    for (const relation of ['cite-as', 'describedby', 'item', 'license', 'type', 'author']) {
      const fromHeader = rel(relation).map((link) => link.href);
      expect((page?.[relation] as Array<{ href: string }>).map((target) => target.href)).toEqual(fromHeader);
    }
    expect(page?.['describedby']).toContainEqual({
      href: `${base}/api/v1/datasets/${datasetId}/versions/2/metadata?format=schema.org`,
      type: 'application/ld+json',
      profile: ['https://schema.org/'],
    });
    // Level 2's reverse links: the metadata describes the page, the file belongs to it.
    expect(contexts).toContainEqual({
      anchor: `${base}/api/v1/datasets/${datasetId}/versions/2/files/${csvName}`,
      collection: [{ href: anchor, type: 'text/html' }],
    });

    // The same link set by content negotiation on the page and on the resolver.
    for (const path of [`/datasets/${datasetId}/versions/2`, `/doi/${versionDois[1]}`]) {
      const negotiated = await t.http().get(path).set('Accept', 'application/linkset+json').expect(200);
      expect(JSON.parse(negotiated.text)).toEqual(JSON.parse(linkset.text));
    }
  });

  it('escapes what curators wrote, in the page and in its JSON-LD', async () => {
    const metadata = loadReleaseFixture('icecat-1');
    metadata['name'] = 'Alerts </script><script>alert(1)</script> & <b>more</b>';
    const id = await publishFixture(metadata);
    const page = textBody(await t.http().get(`/datasets/${id}/versions/1`).expect(200));
    await expectValidHtml(page);
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toContain('<b>more</b>');
    expect(page).toContain(
      'Alerts &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;more&lt;/b&gt;',
    );
    expect(jsonLdOf(page)['name']).toBe(metadata['name']);
  });
});
