import { describe, expect, it } from '@jest/globals';
import jsonld from 'jsonld';
import type { JsonLdDocument } from 'jsonld';
import N3 from 'n3';
import { KASCADE_LIKE_RECORD, MINIMAL_RECORD } from '../../../../test/fixtures/sample-release-records.js';
import { DCAT_PREFIXES, toDcatApJsonLd, toDcatApTurtle } from './dcat.js';

const namedNode = (iri: string) => N3.DataFactory.namedNode(iri);
const literal = (value: string, languageOrDatatype?: string | N3.NamedNode) =>
  N3.DataFactory.literal(value, languageOrDatatype);
const iri = (curie: string) => {
  const [prefix, local] = curie.split(':') as [string, string];
  return namedNode(`${DCAT_PREFIXES[prefix]!}${local}`);
};
const RDF_TYPE = namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');

const refuse = (): never => {
  throw new Error('network refused');
};

async function nquadsOf(document: Record<string, unknown>): Promise<string> {
  return (await jsonld.toRDF(document, {
    format: 'application/n-quads',
    documentLoader: refuse,
  })) as string;
}

async function graphOf(document: Record<string, unknown>): Promise<N3.Store> {
  return new N3.Store(new N3.Parser().parse(await nquadsOf(document)));
}

/** Canonical N-Quads (RDFC-1.0 blank-node labels), so graphs compare as strings. */
async function canonical(quads: N3.Quad[]): Promise<string> {
  const nquads = new N3.Writer({ format: 'N-Quads' }).quadsToString(quads);
  return jsonld.canonize(nquads as unknown as JsonLdDocument, {
    inputFormat: 'application/n-quads',
    format: 'application/n-quads',
    algorithm: 'URDNA2015',
    documentLoader: refuse,
  });
}

function single(store: N3.Store, subject: N3.Term, predicate: N3.Term): N3.Term {
  const objects = store.getObjects(subject, predicate, null);
  expect(objects).toHaveLength(1);
  return objects[0]!;
}

const dataset = namedNode('https://doi.org/10.5072/apdc.k7q2-x4mv');
const typed = (value: string, type: string) => literal(value, iri(`xsd:${type}`));

describe('toDcatApJsonLd', () => {
  it('uses an inline context of prefixes', () => {
    const sut = toDcatApJsonLd(KASCADE_LIKE_RECORD);
    expect(sut['@context']).toEqual(DCAT_PREFIXES);
  });

  it('parses offline as a DCAT-AP dataset', async () => {
    const g = await graphOf(toDcatApJsonLd(KASCADE_LIKE_RECORD));
    const m = KASCADE_LIKE_RECORD.metadata;
    const has = (s: N3.Term, p: string, o: N3.Term) => expect(g.countQuads(s, iri(p), o, null)).toBe(1);

    expect(g.countQuads(dataset, RDF_TYPE, iri('dcat:Dataset'), null)).toBe(1);
    has(dataset, 'dct:title', literal(m.title!, 'en'));
    has(dataset, 'dct:description', literal(m.description!, 'en'));
    has(dataset, 'dct:identifier', literal('https://doi.org/10.5072/apdc.k7q2-x4mv'));
    has(dataset, 'dct:issued', typed('2024-03-01', 'date'));
    has(dataset, 'dct:modified', typed('2024-03-05', 'date'));
    has(dataset, 'dcat:version', literal('2.0'));
    has(dataset, 'owl:versionInfo', literal('2.0'));
    has(dataset, 'dcat:landingPage', namedNode(KASCADE_LIKE_RECORD.landingPage));
    has(dataset, 'dct:license', namedNode('https://spdx.org/licenses/CC-BY-4.0'));
    has(dataset, 'dcat:keyword', literal('extensive air showers', 'en'));
    has(dataset, 'dcat:theme', namedNode('https://w3id.org/apdc/vocab/messenger/charged-cosmic-ray'));
    has(dataset, 'dct:subject', namedNode('https://w3id.org/apdc/vocab/facility/kascade'));
    has(dataset, 'dct:type', namedNode('https://w3id.org/apdc/vocab/data-level/event-list'));
    has(dataset, 'dcat:previousVersion', namedNode('https://doi.org/10.5072/apdc.k7q2-p3rt'));
    has(dataset, 'dct:isVersionOf', namedNode('https://doi.org/10.5072/apdc.k7q2-0000'));
    has(dataset, 'prov:wasDerivedFrom', namedNode('https://kcdc.iap.kit.edu/'));
    has(dataset, 'dct:references', namedNode('https://doi.org/10.1016/s0168-9002(03)00466-5'));
    has(dataset, 'foaf:page', namedNode('https://arxiv.org/abs/1806.05493'));

    const identifier = single(g, dataset, iri('adms:identifier'));
    has(
      identifier,
      'skos:notation',
      literal('10.5072/apdc.k7q2-x4mv', namedNode('http://purl.org/spar/datacite/doi')),
    );

    const publisher = single(g, dataset, iri('dct:publisher'));
    has(publisher, 'foaf:name', literal(KASCADE_LIKE_RECORD.publisher.name));
    expect(g.countQuads(publisher, RDF_TYPE, iri('foaf:Agent'), null)).toBe(1);
    const contact = single(g, dataset, iri('dcat:contactPoint'));
    expect(g.countQuads(contact, RDF_TYPE, iri('vcard:Organization'), null)).toBe(1);
    has(contact, 'vcard:fn', literal(KASCADE_LIKE_RECORD.publisher.name));
    has(contact, 'vcard:hasURL', namedNode(KASCADE_LIKE_RECORD.publisher.url));

    const orcid = namedNode('https://orcid.org/0000-0002-1825-0097');
    has(dataset, 'dct:creator', orcid);
    has(orcid, 'foaf:familyName', literal('Carberry'));
    expect(g.countQuads(dataset, iri('dct:creator'), null, null)).toBe(2);

    const period = single(g, dataset, iri('dct:temporal'));
    expect(g.countQuads(period, RDF_TYPE, iri('dct:PeriodOfTime'), null)).toBe(1);
    has(period, 'dcat:startDate', typed('1998-01-01', 'date'));
    has(period, 'dcat:endDate', typed('1999-02-20', 'date'));
    const location = single(g, dataset, iri('dct:spatial'));
    has(location, 'locn:geographicName', literal(m.spatialCoverage!, 'en'));

    const distributions = g.getObjects(dataset, iri('dcat:distribution'), null);
    expect(distributions).toHaveLength(2);
    const [csv] = KASCADE_LIKE_RECORD.files;
    const distribution = distributions.find(
      (d) => g.countQuads(d, iri('dcat:downloadURL'), namedNode(csv!.url), null) === 1,
    )!;
    expect(g.countQuads(distribution, RDF_TYPE, iri('dcat:Distribution'), null)).toBe(1);
    has(distribution, 'dcat:accessURL', namedNode(KASCADE_LIKE_RECORD.landingPage));
    has(distribution, 'dcat:byteSize', typed('734123', 'nonNegativeInteger'));
    has(distribution, 'dcat:mediaType', namedNode('https://www.iana.org/assignments/media-types/text/csv'));
    has(distribution, 'dct:license', namedNode('https://spdx.org/licenses/CC-BY-4.0'));
    const checksum = single(g, distribution, iri('spdx:checksum'));
    has(checksum, 'spdx:algorithm', iri('spdx:checksumAlgorithm_sha256'));
    has(checksum, 'spdx:checksumValue', typed(csv!.sha256, 'hexBinary'));
  });

  it('falls back to the landing page without a DOI and types a year as xsd:gYear', async () => {
    const sut = toDcatApJsonLd(MINIMAL_RECORD);
    expect(sut['@id']).toBe(MINIMAL_RECORD.landingPage);
    for (const absent of [
      'adms:identifier',
      'dcat:distribution',
      'dct:temporal',
      'dcat:previousVersion',
      'dcat:theme',
    ]) {
      expect(sut).not.toHaveProperty(absent);
    }
    const g = await graphOf(sut);
    const landing = namedNode(MINIMAL_RECORD.landingPage);
    expect(g.countQuads(landing, RDF_TYPE, iri('dcat:Dataset'), null)).toBe(1);
    expect(g.countQuads(landing, iri('dct:identifier'), literal(MINIMAL_RECORD.landingPage), null)).toBe(1);
    expect(g.countQuads(landing, iri('dct:issued'), typed('2023', 'gYear'), null)).toBe(1);
  });
});

describe('toDcatApTurtle', () => {
  it.each([
    ['KASCADE_LIKE_RECORD', KASCADE_LIKE_RECORD],
    ['MINIMAL_RECORD', MINIMAL_RECORD],
  ])('writes the same graph as the JSON-LD for %s', async (_name, record) => {
    const turtle = await toDcatApTurtle(record);
    expect(turtle).toContain('@prefix dcat: <http://www.w3.org/ns/dcat#>.');
    // Blank nodes referenced once are nested, so no labels appear.
    expect(turtle).not.toMatch(/_:/u);

    const fromTurtle = new N3.Parser({ format: 'text/turtle' }).parse(turtle);
    const fromJsonLd = new N3.Parser().parse(await nquadsOf(toDcatApJsonLd(record)));
    expect(fromTurtle).toHaveLength(fromJsonLd.length);
    expect(await canonical(fromTurtle)).toBe(await canonical(fromJsonLd));
  });

  it('starts with the dataset', async () => {
    const turtle = await toDcatApTurtle(KASCADE_LIKE_RECORD);
    const body = turtle.split('\n').filter((line) => line !== '' && !line.startsWith('@prefix'));
    expect(body[0]).toBe('<https://doi.org/10.5072/apdc.k7q2-x4mv> a dcat:Dataset;');
  });
});
