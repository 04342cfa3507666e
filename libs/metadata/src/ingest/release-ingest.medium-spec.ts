import { describe, expect, it } from '@jest/globals';
import { DEMO_RELEASES } from '@apdc/demo';
import { KASCADE_LIKE_RECORD } from '../../../../test/fixtures/sample-release-records.js';
import { RELEASE_FIXTURES, loadReleaseFixture } from '../../../../test/fixtures/releases/index.js';
import { expectValidXml } from '../../../../test/support/xml-validation.js';
import { toDataCiteXml } from '../crosswalks/datacite-xml.js';
import { toSchemaOrgDataset } from '../crosswalks/schema-org.js';
import { InvalidMetadataError } from '../errors.js';
import type { ReleaseRecord } from '../release-record.js';
import { ingestReleaseMetadata } from './release-ingest.js';

/** A published record of the ingested metadata, as the catalogue would build it. */
function recordOf(metadata: ReleaseRecord['metadata'], key: string): ReleaseRecord {
  return {
    ...KASCADE_LIKE_RECORD,
    datasetId: `fixture-${key}`,
    doi: null,
    conceptDoi: null,
    previousVersion: null,
    metadata: { ...metadata, publicationYear: metadata.publicationYear ?? 2024 },
  };
}

async function violationsOf(document: unknown): Promise<Array<{ path: string; message: string }>> {
  try {
    await ingestReleaseMetadata(document);
  } catch (error) {
    if (error instanceof InvalidMetadataError) return [...error.violations];
    throw error;
  }
  return [];
}

describe('release metadata ingest', () => {
  const describedReleases = [
    ...RELEASE_FIXTURES.map((fixture) => ({ key: fixture.key, document: loadReleaseFixture(fixture.key) })),
    ...DEMO_RELEASES.map((release) => ({
      key: `demo ${release.key} ${String(release.metadata['version'])}`,
      document: release.metadata,
    })),
  ];

  it.each(describedReleases)(
    'accepts $key (SHACL and every check), and its DataCite XML validates against 4.7',
    async ({ key, document }) => {
      const ingested = await ingestReleaseMetadata(document);
      expect(ingested.canonical['@context']).toBe('https://w3id.org/apdc/context/v1');
      expect(ingested.metadata.title).not.toBeNull();
      expect(ingested.metadata.creators.length).toBeGreaterThan(0);
      await expectValidXml('datacite', toDataCiteXml(recordOf(ingested.metadata, key)));
    },
  );

  it('stores one canonical form whatever compact form the curator sent', async () => {
    const fixture = loadReleaseFixture('icecat-1');
    const asSchemaOrg = { ...fixture, '@context': 'https://schema.org/' } as Record<string, unknown>;
    delete asSchemaOrg['messenger'];
    delete asSchemaOrg['facility'];
    delete asSchemaOrg['dataLevel'];
    delete asSchemaOrg['variableMeasured'];
    delete asSchemaOrg['skyCoverage'];
    delete asSchemaOrg['energyRange'];
    const viaOurs = await ingestReleaseMetadata({
      ...asSchemaOrg,
      '@context': 'https://w3id.org/apdc/context/v1',
    });
    const viaSchemaOrg = await ingestReleaseMetadata(asSchemaOrg);
    const expandedIris = await ingestReleaseMetadata({
      '@context': { s: 'http://schema.org/' },
      '@type': 's:Dataset',
      's:name': 'x',
      's:description': 'y',
      's:license': { '@id': 'https://spdx.org/licenses/CC0-1.0' },
      's:creator': { '@type': 's:Organization', 's:name': 'IceCube Collaboration' },
    });
    expect(viaSchemaOrg.canonical).toEqual(viaOurs.canonical);
    expect(viaSchemaOrg.digest).toBe(viaOurs.digest);
    expect(expandedIris.canonical).toMatchObject({
      '@type': 'Dataset',
      name: 'x',
      license: 'https://spdx.org/licenses/CC0-1.0',
      creator: [{ '@type': 'Organization', name: 'IceCube Collaboration' }],
    });
  });

  it('lists every violation of bad input with its JSON path, all at once', async () => {
    const fixture = loadReleaseFixture('fermi-3fhl');
    const { creator: _creator, ...withoutCreator } = fixture;
    const violations = await violationsOf({
      ...withoutCreator,
      contributor: [
        { '@type': 'Person', name: 'Josiah Carberry', '@id': 'https://orcid.org/0000-0002-1825-0098' },
      ],
      license: 'https://spdx.org/licenses/CC-BY-9.9',
      datePublished: '2026-13-45',
    });
    const paths = violations.map((violation) => violation.path);
    expect(paths).toEqual(expect.arrayContaining(['/creator', '/license', '/datePublished']));
    expect(violations.find((v) => v.path === '/license')?.message).toMatch(/SPDX/);

    const badOrcid = await violationsOf({
      ...fixture,
      creator: [
        { '@type': 'Person', name: 'Josiah Carberry', '@id': 'https://orcid.org/0000-0002-1825-0098' },
      ],
    });
    expect(badOrcid).toEqual([
      { path: '/creator/0/@id', message: expect.stringMatching(/check digit/) as unknown },
    ]);
  });

  it('refuses an unknown remote context at once, naming where it is, without touching the network', async () => {
    const started = Date.now();
    const violations = await violationsOf({
      '@context': ['https://schema.org/', 'https://evil.example.org/ctx.jsonld'],
      name: 'x',
    });
    expect(violations).toEqual([
      { path: '/@context/1', message: expect.stringMatching(/unknown remote context/) as unknown },
    ]);
    expect(Date.now() - started).toBeLessThan(5_000);
    const nested = await violationsOf({
      '@context': 'https://schema.org/',
      '@type': 'Dataset',
      creator: [{ '@context': 'http://example.org/other', '@type': 'Person', name: 'x' }],
    });
    expect(nested.map((violation) => violation.path)).toEqual(['/creator/0/@context']);
  });

  it('refuses a 10 MB string and deeply nested junk with their paths, before any JSON-LD processing', async () => {
    const huge = await violationsOf({
      ...loadReleaseFixture('hess-hgps'),
      description: 'x'.repeat(10 * 1024 * 1024),
    });
    expect(huge).toEqual([
      { path: '/description', message: expect.stringMatching(/at most 100000/) as unknown },
    ]);
    let junk: unknown = 'bottom';
    for (let depth = 0; depth < 200; depth++) junk = { nested: [junk] };
    const deep = await violationsOf({ ...loadReleaseFixture('hess-hgps'), spatialCoverage: junk });
    expect(deep).toHaveLength(1);
    expect(deep[0]?.path).toMatch(/^\/spatialCoverage(\/nested\/0)+/);
  });
});

// What the data centre adds (identifiers, files, catalogue, publisher) is not the curator's to send back.
const DATA_CENTRE_FIELDS = [
  '@id',
  'identifier',
  'url',
  'distribution',
  'includedInDataCatalog',
  'publisher',
  'about',
  'isAccessibleForFree',
];

function curatorPartOf(schemaOrg: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(schemaOrg).filter(([key]) => !DATA_CENTRE_FIELDS.includes(key)));
}

describe('schema.org round trip', () => {
  it('reads back, from the schema.org crosswalk of a record, what the curator described', async () => {
    const curatorPart = curatorPartOf(toSchemaOrgDataset(KASCADE_LIKE_RECORD));
    const { metadata } = await ingestReleaseMetadata(curatorPart);
    const expected = KASCADE_LIKE_RECORD.metadata;
    expect(metadata.title).toBe(expected.title);
    expect(metadata.description).toBe(expected.description);
    expect(metadata.license).toBe(expected.license);
    expect(metadata.datePublished).toBe(expected.datePublished);
    expect(metadata.keywords).toEqual(expected.keywords);
    expect(metadata.temporalCoverage).toEqual(expected.temporalCoverage);
    expect(metadata.creators.map((c) => [c.kind, c.name, c.orcid, c.affiliations.map((a) => a.ror)])).toEqual(
      expected.creators.map((c) => [c.kind, c.name, c.orcid, c.affiliations.map((a) => a.ror)]),
    );
    expect(metadata.variables.map((v) => [v.name, v.unit])).toEqual(
      expected.variables.map((v) => [v.name, v.unit]),
    );
    // schema.org has fewer relation kinds than DataCite (IsDocumentedBy travels as citation): the works survive.
    expect(new Set(metadata.relations.map((r) => r.identifier))).toEqual(
      new Set(expected.relations.map((r) => r.identifier)),
    );
    expect(metadata.skyCoverage).toEqual(expected.skyCoverage);
    expect(metadata.energyRange).toEqual(expected.energyRange);
  });

  it.each([
    {
      skyCoverage: [{ kind: 'all-sky' }],
      energyRange: { minEv: 54e12, maxEv: 20_310e12 },
    },
    {
      skyCoverage: [
        { kind: 'cone', frame: 'icrs', lon: 94.3, lat: -7.8, radius: 3 },
        { kind: 'box', frame: 'galactic', lonMin: 250, lonMax: 65, latMin: -3.5, latMax: 3.5 },
      ],
      energyRange: { minEv: 72 * 1e15, maxEv: 2.6 * 1e18 },
    },
    { skyCoverage: [], energyRange: { minEv: null, maxEv: 0.19 * 1e12 } },
    { skyCoverage: [], energyRange: { minEv: 1 / 3, maxEv: null } },
  ] as const)('reads back the sky coverage and energy range $energyRange exactly', async (facts) => {
    const record: ReleaseRecord = {
      ...KASCADE_LIKE_RECORD,
      metadata: { ...KASCADE_LIKE_RECORD.metadata, ...facts },
    };
    const { metadata } = await ingestReleaseMetadata(curatorPartOf(toSchemaOrgDataset(record)));
    expect(metadata.skyCoverage).toEqual(facts.skyCoverage);
    expect(metadata.energyRange).toEqual(facts.energyRange);
  });
});

describe('sky coverage and energy range', () => {
  it('stores "all-sky" as a one-entry list and regions as nodes of our context', async () => {
    const allSky = await ingestReleaseMetadata({
      ...loadReleaseFixture('fermi-3fhl'),
      skyCoverage: 'all-sky',
    });
    expect(allSky.canonical['skyCoverage']).toEqual(['all-sky']);
    expect(allSky.metadata.skyCoverage).toEqual([{ kind: 'all-sky' }]);
    expect(allSky.metadata.energyRange).toEqual({ minEv: 10e9, maxEv: 2000e9 });

    const cone = { '@type': 'SkyCone', frame: 'icrs', lon: 94.3, lat: -7.8, radius: 3 };
    const asFullIris = await ingestReleaseMetadata({
      ...loadReleaseFixture('km3net-km3-230213a'),
      skyCoverage: undefined,
      'https://w3id.org/apdc/terms#skyCoverage': {
        '@type': 'https://w3id.org/apdc/terms#SkyCone',
        'https://w3id.org/apdc/terms#frame': 'icrs',
        'https://w3id.org/apdc/terms#lon': 94.3,
        'https://w3id.org/apdc/terms#lat': -7.8,
        'https://w3id.org/apdc/terms#radius': 3,
      },
    });
    expect(asFullIris.canonical['skyCoverage']).toEqual([cone]);
    expect(asFullIris.digest).toBe(
      (await ingestReleaseMetadata(loadReleaseFixture('km3net-km3-230213a'))).digest,
    );
  });

  it('reports bad regions and a bad energy range at their pointers, once each', async () => {
    const violations = await violationsOf({
      ...loadReleaseFixture('hess-hgps'),
      skyCoverage: [
        { '@type': 'SkyBox', frame: 'galactic', lonMin: 250, lonMax: 65, latMin: -3.5, latMax: 3.5 },
        { '@type': 'SkyCone', frame: 'icrs', lon: 83.6, lat: 22, radius: 200 },
      ],
      energyRange: { '@type': 'QuantitativeValue', minValue: 100, maxValue: 0.2, unitText: 'TeV' },
    });
    expect(violations).toEqual([
      { path: '/skyCoverage/1/radius', message: expect.stringMatching(/radius .*\(0, 180\]/) as unknown },
      {
        path: '/energyRange/minValue',
        message: expect.stringMatching(/not be greater than maxValue/) as unknown,
      },
    ]);
    const unit = await violationsOf({
      ...loadReleaseFixture('hess-hgps'),
      energyRange: { '@type': 'QuantitativeValue', minValue: 1, unitText: 'erg' },
    });
    expect(unit).toEqual([
      {
        path: '/energyRange/unitText',
        message: expect.stringMatching(/eV, keV, MeV, GeV, TeV, PeV, EeV, ZeV/) as unknown,
      },
    ]);
  });

  it('refuses sky terms outside skyCoverage', async () => {
    const violations = await violationsOf({ ...loadReleaseFixture('hess-hgps'), lon: 10, frame: 'icrs' });
    expect(violations.map((violation) => violation.path).sort()).toEqual(['/frame', '/lon']);
  });
});

describe('canonical spellings', () => {
  it('stores a bare SPDX id as its SPDX URL', async () => {
    const ingested = await ingestReleaseMetadata({ ...loadReleaseFixture('icecat-1'), license: 'CC0-1.0' });
    expect(ingested.canonical['license']).toBe('https://spdx.org/licenses/CC0-1.0');
    expect(ingested.metadata.license).toBe('CC0-1.0');
  });
});
