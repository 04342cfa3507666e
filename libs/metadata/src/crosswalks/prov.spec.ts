import { describe, expect, it } from '@jest/globals';
import jsonld from 'jsonld';
import N3 from 'n3';
import { KASCADE_LIKE_RECORD, MINIMAL_RECORD } from '../../../../test/fixtures/sample-release-records.js';
import { toProvJsonLd } from './prov.js';

const namedNode = (iri: string) => N3.DataFactory.namedNode(iri);
const literal = (value: string, languageOrDatatype?: string | N3.NamedNode) =>
  N3.DataFactory.literal(value, languageOrDatatype);
const P = (term: string) => namedNode(`http://www.w3.org/ns/prov#${term}`);
const RDF_TYPE = namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');
const SCHEMA = (term: string) => namedNode(`https://schema.org/${term}`);
const FOAF_NAME = namedNode('http://xmlns.com/foaf/0.1/name');
const RDFS_LABEL = namedNode('http://www.w3.org/2000/01/rdf-schema#label');

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

function single(store: N3.Store, subject: N3.Term, predicate: N3.Term): N3.Term {
  const objects = store.getObjects(subject, predicate, null);
  expect(objects).toHaveLength(1);
  return objects[0]!;
}

describe('toProvJsonLd', () => {
  it('uses an inline context', () => {
    const sut = toProvJsonLd(KASCADE_LIKE_RECORD);
    expect(typeof sut['@context']).toBe('object');
  });

  it('describes where the version came from, what produced it and who is responsible', async () => {
    const g = await graphOf(toProvJsonLd(KASCADE_LIKE_RECORD));
    const version = namedNode('https://doi.org/10.5072/apdc.k7q2-x4mv');
    const previous = namedNode('https://doi.org/10.5072/apdc.k7q2-p3rt');
    const input = namedNode('https://kcdc.iap.kit.edu/');
    const orcid = namedNode('https://orcid.org/0000-0002-1825-0097');

    expect(g.countQuads(version, RDF_TYPE, P('Entity'), null)).toBe(1);
    expect(g.countQuads(version, RDF_TYPE, namedNode('http://www.w3.org/ns/dcat#Dataset'), null)).toBe(1);
    expect(g.countQuads(version, P('wasDerivedFrom'), previous, null)).toBe(1);
    expect(g.countQuads(version, P('wasRevisionOf'), previous, null)).toBe(1);
    expect(g.countQuads(version, P('wasDerivedFrom'), input, null)).toBe(1);
    expect(
      g.countQuads(version, P('specializationOf'), namedNode('https://doi.org/10.5072/apdc.k7q2-0000'), null),
    ).toBe(1);
    expect(
      g.countQuads(
        version,
        P('generatedAtTime'),
        literal('2024-03-01T10:15:00.000Z', namedNode('http://www.w3.org/2001/XMLSchema#dateTime')),
        null,
      ),
    ).toBe(1);
    expect(g.countQuads(previous, RDF_TYPE, P('Entity'), null)).toBe(1);

    const activity = single(g, version, P('wasGeneratedBy'));
    expect(g.countQuads(activity, RDF_TYPE, P('Activity'), null)).toBe(1);
    expect(g.countQuads(activity, RDFS_LABEL, literal('production of version 2', 'en'), null)).toBe(1);
    expect(g.countQuads(activity, P('used'), input, null)).toBe(1);
    expect(g.countQuads(activity, P('wasAssociatedWith'), orcid, null)).toBe(1);

    const [software] = g
      .getObjects(activity, P('wasAssociatedWith'), null)
      .filter((agent) => g.countQuads(agent, RDF_TYPE, P('SoftwareAgent'), null) === 1);
    expect(software).toBeDefined();
    expect(g.countQuads(software!, SCHEMA('name'), literal('apdc-kascade-like-generator'), null)).toBe(1);
    expect(g.countQuads(software!, SCHEMA('softwareVersion'), literal('1.0.0'), null)).toBe(1);

    const attributed = g.getObjects(version, P('wasAttributedTo'), null);
    expect(attributed).toHaveLength(3);
    expect(attributed).toContainEqual(orcid);
    expect(g.countQuads(orcid, RDF_TYPE, P('Person'), null)).toBe(1);
    const names = attributed.flatMap((agent) => g.getObjects(agent, FOAF_NAME, null).map((n) => n.value));
    expect(names).toEqual(
      expect.arrayContaining([
        'Josiah Carberry',
        'KASCADE Collaboration',
        KASCADE_LIKE_RECORD.publisher.name,
      ]),
    );
  });

  it('describes a draft without previous version or software', async () => {
    const g = await graphOf(toProvJsonLd(MINIMAL_RECORD));
    const version = namedNode(MINIMAL_RECORD.landingPage);
    expect(g.countQuads(version, RDF_TYPE, P('Entity'), null)).toBe(1);
    expect(g.countQuads(version, P('wasDerivedFrom'), null, null)).toBe(0);
    expect(g.countQuads(version, P('generatedAtTime'), null, null)).toBe(0);
    const activity = single(g, version, P('wasGeneratedBy'));
    expect(g.countQuads(activity, RDF_TYPE, P('Activity'), null)).toBe(1);
    expect(g.countQuads(null, RDF_TYPE, P('SoftwareAgent'), null)).toBe(0);
    expect(g.getObjects(version, P('wasAttributedTo'), null)).toHaveLength(2);
  });
});
