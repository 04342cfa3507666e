import { describe, expect, it } from '@jest/globals';
import jsonld from 'jsonld';
import N3 from 'n3';
import type { ReleaseRecord } from '../release-record.js';
import { KASCADE_LIKE_RECORD, MINIMAL_RECORD } from '../../../../test/fixtures/sample-release-records.js';
import { toSchemaOrgDataset } from './schema-org.js';

const namedNode = (iri: string) => N3.DataFactory.namedNode(iri);
const literal = (value: string, languageOrDatatype?: string | N3.NamedNode) =>
  N3.DataFactory.literal(value, languageOrDatatype);
const S = (term: string) => namedNode(`https://schema.org/${term}`);
const RDF_TYPE = namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');
const XSD = 'http://www.w3.org/2001/XMLSchema#';

const refuse = (): never => {
  throw new Error('network refused');
};

async function graphOf(document: Record<string, unknown>): Promise<N3.Store> {
  const nquads = await jsonld.toRDF(document, {
    format: 'application/n-quads',
    documentLoader: refuse,
  });
  return new N3.Store(new N3.Parser().parse(nquads as string));
}

/** The one object of `subject predicate ?` that passes `test`. */
function nodeWith(store: N3.Store, subject: N3.Term, predicate: N3.Term, test: (node: N3.Term) => boolean) {
  const nodes = store.getObjects(subject, predicate, null).filter(test);
  expect(nodes).toHaveLength(1);
  return nodes[0]!;
}

const doiIri = namedNode('https://doi.org/10.5072/apdc.k7q2-x4mv');

// What Google Dataset Search reads (and the JSON-LD keywords).
const GOOGLE_FIELDS = new Set([
  '@context',
  '@type',
  '@id',
  'name',
  'description',
  'identifier',
  'url',
  'sameAs',
  'version',
  'creator',
  'publisher',
  'includedInDataCatalog',
  'datePublished',
  'dateModified',
  'license',
  'isAccessibleForFree',
  'inLanguage',
  'keywords',
  'about',
  'temporalCoverage',
  'spatialCoverage',
  'variableMeasured',
  'distribution',
  'citation',
  'isBasedOn',
]);
// Our terms for what schema.org cannot say; Google ignores them, our ingest reads them back.
const APDC_FIELDS = new Set(['skyCoverage', 'energyRange']);
const APDC = (term: string) => namedNode(`https://w3id.org/apdc/terms#${term}`);

describe('toSchemaOrgDataset', () => {
  it('uses an inline context and only fields that Google Dataset Search reads, besides our sky and energy', () => {
    const sut = toSchemaOrgDataset(KASCADE_LIKE_RECORD);
    expect(typeof sut['@context']).toBe('object');
    expect((sut['@context'] as Record<string, unknown>)['@vocab']).toBe('https://schema.org/');
    for (const key of Object.keys(sut).filter((field) => !APDC_FIELDS.has(field)))
      expect(GOOGLE_FIELDS).toContain(key);
    expect(Object.keys(sut)).toEqual(expect.arrayContaining([...APDC_FIELDS]));
    expect(sut['@type']).toBe('Dataset');
  });

  it('parses offline as RDF saying what the record says', async () => {
    const g = await graphOf(toSchemaOrgDataset(KASCADE_LIKE_RECORD));
    const m = KASCADE_LIKE_RECORD.metadata;

    expect(g.has(N3.DataFactory.quad(doiIri, RDF_TYPE, S('Dataset')))).toBe(true);
    expect(g.countQuads(doiIri, S('name'), literal(m.title!), null)).toBe(1);
    expect(g.countQuads(doiIri, S('description'), literal(m.description!), null)).toBe(1);
    expect(g.countQuads(doiIri, S('url'), namedNode(KASCADE_LIKE_RECORD.landingPage), null)).toBe(1);
    expect(g.countQuads(doiIri, S('license'), namedNode('https://spdx.org/licenses/CC-BY-4.0'), null)).toBe(
      1,
    );
    expect(g.countQuads(doiIri, S('temporalCoverage'), literal('1998-01-01/1999-02-20'), null)).toBe(1);
    expect(g.countQuads(doiIri, S('version'), literal('2.0'), null)).toBe(1);
    expect(g.countQuads(doiIri, S('inLanguage'), literal('en'), null)).toBe(1);
    expect(g.countQuads(doiIri, S('datePublished'), literal('2024-03-01'), null)).toBe(1);
    expect(g.countQuads(doiIri, S('dateModified'), literal('2024-03-05'), null)).toBe(1);
    expect(
      g.countQuads(doiIri, S('isAccessibleForFree'), literal('true', namedNode(`${XSD}boolean`)), null),
    ).toBe(1);
    expect(g.getObjects(doiIri, S('keywords'), null).map((o) => o.value)).toEqual(
      expect.arrayContaining([...m.keywords]),
    );

    const identifier = nodeWith(g, doiIri, S('identifier'), () => true);
    expect(g.countQuads(identifier, S('value'), literal('doi:10.5072/apdc.k7q2-x4mv'), null)).toBe(1);
    expect(g.countQuads(identifier, S('url'), doiIri, null)).toBe(1);

    // Creators: a person by ORCID with a ROR-identified affiliation, an organisation by name.
    const orcid = namedNode('https://orcid.org/0000-0002-1825-0097');
    expect(g.countQuads(doiIri, S('creator'), orcid, null)).toBe(1);
    expect(g.countQuads(orcid, RDF_TYPE, S('Person'), null)).toBe(1);
    expect(g.countQuads(orcid, S('givenName'), literal('Josiah'), null)).toBe(1);
    expect(g.countQuads(orcid, S('familyName'), literal('Carberry'), null)).toBe(1);
    const kit = namedNode('https://ror.org/04t3en479');
    expect(g.countQuads(orcid, S('affiliation'), kit, null)).toBe(1);
    expect(g.countQuads(kit, RDF_TYPE, S('Organization'), null)).toBe(1);
    const collaboration = nodeWith(g, doiIri, S('creator'), (n) => n.termType === 'BlankNode');
    expect(g.countQuads(collaboration, S('name'), literal('KASCADE Collaboration'), null)).toBe(1);
    expect(g.countQuads(collaboration, RDF_TYPE, S('Organization'), null)).toBe(1);

    const publisher = nodeWith(g, doiIri, S('publisher'), () => true);
    expect(g.countQuads(publisher, S('name'), literal(KASCADE_LIKE_RECORD.publisher.name), null)).toBe(1);
    const catalogue = nodeWith(g, doiIri, S('includedInDataCatalog'), () => true);
    expect(g.countQuads(catalogue, RDF_TYPE, S('DataCatalog'), null)).toBe(1);

    const place = nodeWith(g, doiIri, S('spatialCoverage'), () => true);
    expect(g.countQuads(place, RDF_TYPE, S('Place'), null)).toBe(1);
    expect(g.countQuads(place, S('name'), literal(m.spatialCoverage!), null)).toBe(1);

    // Sky coverage and energy range in our terms.
    const box = nodeWith(g, doiIri, APDC('skyCoverage'), () => true);
    expect(g.countQuads(box, RDF_TYPE, APDC('SkyBox'), null)).toBe(1);
    expect(g.countQuads(box, APDC('frame'), literal('icrs'), null)).toBe(1);
    expect(g.getObjects(box, APDC('latMin'), null).map((o) => Number(o.value))).toEqual([9.1]);
    expect(g.getObjects(box, APDC('lonMax'), null).map((o) => Number(o.value))).toEqual([360]);
    const energy = nodeWith(g, doiIri, APDC('energyRange'), () => true);
    expect(g.countQuads(energy, RDF_TYPE, S('QuantitativeValue'), null)).toBe(1);
    expect(g.countQuads(energy, S('unitText'), literal('TeV'), null)).toBe(1);
    expect(g.getObjects(energy, S('minValue'), null).map((o) => Number(o.value))).toEqual([100]);
    expect(g.getObjects(energy, S('maxValue'), null).map((o) => Number(o.value))).toEqual([1_000_000]);

    // One DataDownload per file.
    const [csv] = KASCADE_LIKE_RECORD.files;
    const download = nodeWith(
      g,
      doiIri,
      S('distribution'),
      (n) => g.countQuads(n, S('contentUrl'), namedNode(csv!.url), null) === 1,
    );
    expect(g.countQuads(download, RDF_TYPE, S('DataDownload'), null)).toBe(1);
    expect(g.countQuads(download, S('encodingFormat'), literal('text/csv'), null)).toBe(1);
    expect(g.countQuads(download, S('contentSize'), literal('734123 B'), null)).toBe(1);
    expect(g.countQuads(download, S('sha256'), literal(csv!.sha256), null)).toBe(1);
    expect(g.countQuads(download, S('name'), literal(csv!.path), null)).toBe(1);
    expect(g.countQuads(doiIri, S('distribution'), null, null)).toBe(2);

    // Variables: VOUnit as unitText, UCD as propertyID.
    const lgE = nodeWith(
      g,
      doiIri,
      S('variableMeasured'),
      (n) => g.countQuads(n, S('name'), literal('lgE'), null) === 1,
    );
    expect(g.countQuads(lgE, S('unitText'), literal('log(GeV)'), null)).toBe(1);
    expect(g.countQuads(lgE, S('propertyID'), literal('phys.energy'), null)).toBe(1);
    expect(g.countQuads(lgE, S('description'), literal('Reconstructed primary energy'), null)).toBe(1);
    const size = nodeWith(
      g,
      doiIri,
      S('variableMeasured'),
      (n) => g.countQuads(n, S('name'), literal('lgNe'), null) === 1,
    );
    expect(g.countQuads(size, S('unitText'), null, null)).toBe(0);

    // Concepts as DefinedTerms identified by their IRIs.
    for (const iri of [
      'https://w3id.org/apdc/vocab/messenger/charged-cosmic-ray',
      'https://w3id.org/apdc/vocab/facility/kascade',
      'https://w3id.org/apdc/vocab/data-level/event-list',
    ]) {
      expect(g.countQuads(doiIri, S('about'), namedNode(iri), null)).toBe(1);
      expect(g.countQuads(namedNode(iri), RDF_TYPE, S('DefinedTerm'), null)).toBe(1);
    }

    // Relations.
    expect(
      g.countQuads(doiIri, S('citation'), namedNode('https://doi.org/10.1016/s0168-9002(03)00466-5'), null),
    ).toBe(1);
    expect(g.countQuads(doiIri, S('citation'), namedNode('https://arxiv.org/abs/1806.05493'), null)).toBe(1);
    expect(g.countQuads(doiIri, S('isBasedOn'), namedNode('https://kcdc.iap.kit.edu/'), null)).toBe(1);
  });

  it('falls back to the landing page as identifier without a DOI and leaves out what is unknown', async () => {
    const sut = toSchemaOrgDataset(MINIMAL_RECORD);
    expect(sut['@id']).toBe(MINIMAL_RECORD.landingPage);
    expect(sut['identifier']).toBe(MINIMAL_RECORD.landingPage);
    for (const absent of [
      'temporalCoverage',
      'spatialCoverage',
      'skyCoverage',
      'energyRange',
      'distribution',
      'variableMeasured',
      'about',
      'keywords',
      'citation',
      'dateModified',
    ]) {
      expect(sut).not.toHaveProperty(absent);
    }
    expect(sut['version']).toBe('1');
    expect(sut['datePublished']).toBe('2023');

    const g = await graphOf(sut);
    const landing = namedNode(MINIMAL_RECORD.landingPage);
    expect(g.countQuads(landing, RDF_TYPE, S('Dataset'), null)).toBe(1);
    expect(g.countQuads(landing, S('identifier'), literal(MINIMAL_RECORD.landingPage), null)).toBe(1);
    expect(g.countQuads(landing, S('license'), namedNode('https://spdx.org/licenses/CC0-1.0'), null)).toBe(1);
    const creator = nodeWith(g, landing, S('creator'), () => true);
    expect(g.countQuads(creator, RDF_TYPE, S('Organization'), null)).toBe(1);
    expect(g.countQuads(creator, S('name'), literal('IceCube Collaboration'), null)).toBe(1);
  });

  it('writes an open temporal interval as start/..', () => {
    const open: ReleaseRecord = {
      ...MINIMAL_RECORD,
      metadata: { ...MINIMAL_RECORD.metadata, temporalCoverage: { start: '2011-05', end: null } },
    };
    expect(toSchemaOrgDataset(open)['temporalCoverage']).toBe('2011-05/..');
  });

  it('writes all-sky as the keyword, cones and galactic boxes as nodes, and an open energy end not at all', () => {
    const record: ReleaseRecord = {
      ...MINIMAL_RECORD,
      metadata: {
        ...MINIMAL_RECORD.metadata,
        skyCoverage: [
          { kind: 'all-sky' },
          { kind: 'cone', frame: 'icrs', lon: 94.3, lat: -7.8, radius: 3 },
          { kind: 'box', frame: 'galactic', lonMin: 250, lonMax: 65, latMin: -3.5, latMax: 3.5 },
        ],
        energyRange: { minEv: 52 * 1e18, maxEv: null },
      },
    };
    const sut = toSchemaOrgDataset(record);
    expect(sut['skyCoverage']).toEqual([
      'all-sky',
      { '@type': 'SkyCone', frame: 'icrs', lon: 94.3, lat: -7.8, radius: 3 },
      { '@type': 'SkyBox', frame: 'galactic', lonMin: 250, lonMax: 65, latMin: -3.5, latMax: 3.5 },
    ]);
    expect(sut['energyRange']).toEqual({ '@type': 'QuantitativeValue', minValue: 52, unitText: 'EeV' });
  });
});
