/**
 * DCAT-AP 3 description of a release (https://semiceu.github.io/DCAT-AP/releases/3.0.0/), as JSON-LD
 * with an inline context and as Turtle, for catalogue harvesters (data.europa.eu, EOSC, re3data).
 */
import jsonld from 'jsonld';
import N3 from 'n3';
import type { Quad, Quad_Object, Term } from 'n3';
import type { Creator, ReleaseRecord, ReleaseRelation } from '../release-record.js';
import {
  dataLevelIri,
  doiUrl,
  facilityIri,
  messengerIri,
  orcidUrl,
  publicationDate,
  relationIri,
  releaseIri,
  rorUrl,
  spdxLicenseUrl,
  versionIri,
  versionLabel,
} from './citation-text.js';

/** The prefixes of the DCAT-AP documents, both the JSON-LD context and the Turtle prefixes. */
export const DCAT_PREFIXES: Readonly<Record<string, string>> = Object.freeze({
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  adms: 'http://www.w3.org/ns/adms#',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  spdx: 'http://spdx.org/rdf/terms#',
  owl: 'http://www.w3.org/2002/07/owl#',
  prov: 'http://www.w3.org/ns/prov#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  locn: 'http://www.w3.org/ns/locn#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
});

const IANA_MEDIA_TYPES = 'https://www.iana.org/assignments/media-types/';
/** The DataCite ontology's DOI scheme, as the datatype of an `adms:Identifier`'s notation. */
const DATACITE_DOI = 'http://purl.org/spar/datacite/doi';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

function prune(node: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(node).filter(
      ([, value]) => value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0),
    ),
  );
}

function ref(iri: string): { '@id': string } {
  return { '@id': iri };
}

/** An ISO 8601 date typed by its precision: xsd:gYear, xsd:gYearMonth, xsd:date or xsd:dateTime. */
function typedDate(value: string | null): Record<string, string> | null {
  if (value === null) return null;
  const type = /^\d{4}$/u.test(value)
    ? 'xsd:gYear'
    : /^\d{4}-\d{2}$/u.test(value)
      ? 'xsd:gYearMonth'
      : /^\d{4}-\d{2}-\d{2}$/u.test(value)
        ? 'xsd:date'
        : 'xsd:dateTime';
  return { '@value': value, '@type': type };
}

function agent(c: Creator): Record<string, unknown> {
  if (c.kind === 'organization') {
    return prune({
      '@id': c.ror === null ? undefined : rorUrl(c.ror),
      '@type': ['foaf:Agent', 'foaf:Organization'],
      'foaf:name': c.name,
    });
  }
  return prune({
    '@id': c.orcid === null ? undefined : orcidUrl(c.orcid),
    '@type': ['foaf:Agent', 'foaf:Person'],
    'foaf:name': c.name,
    'foaf:givenName': c.givenName,
    'foaf:familyName': c.familyName,
  });
}

/**
 * The DCAT-AP property for a DataCite relation type; dct:relation (DCAT-AP's "related resource") for
 * those without a closer one.
 */
function relationProperty(relationType: string): string {
  switch (relationType) {
    case 'IsDerivedFrom':
      return 'prov:wasDerivedFrom';
    case 'References':
    case 'Cites':
      return 'dct:references';
    case 'IsReferencedBy':
    case 'IsCitedBy':
      return 'dct:isReferencedBy';
    case 'IsPartOf':
      return 'dct:isPartOf';
    case 'HasPart':
      return 'dct:hasPart';
    case 'IsDocumentedBy':
    case 'IsDescribedBy':
      return 'foaf:page';
    case 'IsIdenticalTo':
      return 'owl:sameAs';
    case 'IsVersionOf':
      return 'dct:isVersionOf';
    case 'IsNewVersionOf':
      return 'dcat:previousVersion';
    default:
      return 'dct:relation';
  }
}

function relationEntries(relations: readonly ReleaseRelation[]): Record<string, { '@id': string }[]> {
  const byProperty: Record<string, { '@id': string }[]> = {};
  for (const relation of relations) {
    const property = relationProperty(relation.relationType);
    (byProperty[property] ??= []).push(ref(relationIri(relation)));
  }
  return byProperty;
}

function bareMediaType(mediaType: string): string {
  return (mediaType.split(';')[0] ?? mediaType).trim().toLowerCase();
}

/**
 * The release as a DCAT-AP 3 `dcat:Dataset` in JSON-LD, with an inline context (no remote context).
 *
 * - The dataset node is the DOI URL, else the landing page; `dct:identifier` is that IRI as a literal,
 *   `adms:identifier` the bare DOI (typed with DataCite's DOI scheme).
 * - Dates are typed by their precision (xsd:gYear, xsd:gYearMonth, xsd:date, xsd:dateTime).
 * - Messengers are `dcat:theme`, facilities `dct:subject`, the data level `dct:type` (concept IRIs).
 * - The version is both `dcat:version` (DCAT 3) and `owl:versionInfo` (DCAT-AP 2 consumers);
 *   the previous version is `dcat:previousVersion`, the concept DOI `dct:isVersionOf`.
 * - Relations: IsDerivedFrom → prov:wasDerivedFrom, References/Cites → dct:references,
 *   IsDocumentedBy/IsDescribedBy → foaf:page, IsIdenticalTo → owl:sameAs, IsPartOf/HasPart →
 *   dct:isPartOf/dct:hasPart, IsReferencedBy/IsCitedBy → dct:isReferencedBy, others → dct:relation.
 * - Each file is a `dcat:Distribution` with its download URL, IANA media type, byte size and SHA-256.
 */
export function toDcatApJsonLd(record: ReleaseRecord): Record<string, unknown> {
  const m = record.metadata;
  const text = (value: string | null): Record<string, string> | null =>
    value === null ? null : { '@value': value, '@language': m.language };
  const license =
    m.license === null ? null : { '@id': spdxLicenseUrl(m.license), '@type': 'dct:LicenseDocument' };
  const relations = relationEntries(m.relations);
  const previousVersion = record.previousVersion === null ? [] : [ref(versionIri(record.previousVersion))];
  const isVersionOf = record.conceptDoi === null ? [] : [ref(doiUrl(record.conceptDoi))];
  const version = versionLabel(record);
  return prune({
    '@context': { ...DCAT_PREFIXES },
    '@id': releaseIri(record),
    '@type': 'dcat:Dataset',
    'dct:title': text(m.title),
    'dct:description': text(m.description),
    'dct:identifier': releaseIri(record),
    'adms:identifier':
      record.doi === null
        ? null
        : {
            '@type': 'adms:Identifier',
            'skos:notation': { '@value': record.doi, '@type': DATACITE_DOI },
            'adms:schemaAgency': 'DataCite',
          },
    'dct:issued': typedDate(publicationDate(record)),
    'dct:modified': typedDate(m.dateModified),
    'dct:publisher': prune({
      '@id': record.publisher.ror === null ? undefined : rorUrl(record.publisher.ror),
      '@type': ['foaf:Agent', 'foaf:Organization'],
      'foaf:name': record.publisher.name,
      'foaf:homepage': ref(record.publisher.url),
    }),
    'dct:creator': m.creators.map(agent),
    'dcat:contactPoint': {
      '@type': 'vcard:Organization',
      'vcard:fn': record.publisher.name,
      'vcard:hasURL': ref(record.publisher.url),
    },
    'dcat:keyword': m.keywords.map(text),
    'dcat:theme': m.messengers.map((slug) => ref(messengerIri(slug))),
    'dct:subject': m.facilities.map((slug) => ref(facilityIri(slug))),
    'dct:type': m.dataLevel === null ? null : ref(dataLevelIri(m.dataLevel)),
    'dct:temporal':
      m.temporalCoverage === null
        ? null
        : prune({
            '@type': 'dct:PeriodOfTime',
            'dcat:startDate': typedDate(m.temporalCoverage.start),
            'dcat:endDate': typedDate(m.temporalCoverage.end),
          }),
    'dct:spatial':
      m.spatialCoverage === null
        ? null
        : { '@type': 'dct:Location', 'locn:geographicName': text(m.spatialCoverage) },
    'dct:license': license,
    'dcat:landingPage': ref(record.landingPage),
    'dcat:version': version,
    'owl:versionInfo': version,
    ...relations,
    'dcat:previousVersion': [...previousVersion, ...(relations['dcat:previousVersion'] ?? [])],
    'dct:isVersionOf': [...isVersionOf, ...(relations['dct:isVersionOf'] ?? [])],
    'dcat:distribution': record.files.map((f) =>
      prune({
        '@type': 'dcat:Distribution',
        'dct:title': f.path,
        'dcat:accessURL': ref(record.landingPage),
        'dcat:downloadURL': ref(f.url),
        'dcat:mediaType': {
          '@id': `${IANA_MEDIA_TYPES}${bareMediaType(f.mediaType)}`,
          '@type': 'dct:MediaType',
        },
        'dcat:byteSize': { '@value': String(f.sizeBytes), '@type': 'xsd:nonNegativeInteger' },
        'spdx:checksum': {
          '@type': 'spdx:Checksum',
          'spdx:algorithm': ref('spdx:checksumAlgorithm_sha256'),
          'spdx:checksumValue': { '@value': f.sha256.toLowerCase(), '@type': 'xsd:hexBinary' },
        },
        'dct:license': license,
      }),
    ),
  });
}

/** A document loader that refuses the network: every context here is inline, so none is ever fetched. */
function refuseRemoteDocuments(url: string): never {
  throw new Error(`refusing to load remote JSON-LD document ${url}`);
}

/** The RDF quads of a JSON-LD document, processed offline. */
async function toQuads(document: Record<string, unknown>): Promise<Quad[]> {
  const nquads = await jsonld.toRDF(document, {
    format: 'application/n-quads',
    documentLoader: refuseRemoteDocuments,
  });
  if (typeof nquads !== 'string') throw new TypeError('jsonld.toRDF did not return N-Quads');
  return new N3.Parser({ format: 'N-Quads' }).parse(nquads);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function termKey(term: Term): string {
  return term.termType === 'Literal'
    ? `"${term.value}"@${term.language}^^${term.datatype.value}`
    : term.value;
}

/**
 * Writes triples as Turtle with blank nodes referenced once nested as `[ … ]`, the dataset first, the
 * type first in each description and everything else in a stable order.
 */
function writeTurtle(quads: readonly Quad[], rootIri: string, prefixes: Readonly<Record<string, string>>) {
  const bySubject = new Map<string, Quad[]>();
  const references = new Map<string, number>();
  for (const quad of quads) {
    const key = termKey(quad.subject);
    bySubject.set(key, [...(bySubject.get(key) ?? []), quad]);
    if (quad.object.termType === 'BlankNode')
      references.set(quad.object.value, (references.get(quad.object.value) ?? 0) + 1);
  }
  const nested = (node: Term): boolean => node.termType === 'BlankNode' && references.get(node.value) === 1;
  const ordered = (list: readonly Quad[]): Quad[] =>
    [...list].sort((a, b) => {
      const typeFirst = Number(b.predicate.value === RDF_TYPE) - Number(a.predicate.value === RDF_TYPE);
      if (typeFirst !== 0) return typeFirst;
      return compare(a.predicate.value, b.predicate.value) || compare(termKey(a.object), termKey(b.object));
    });

  const writer = new N3.Writer({ prefixes: { ...prefixes } });
  const written = new Set<string>();
  const objectOf = (object: Quad_Object): Quad_Object => {
    if (!nested(object) || written.has(object.value)) return object;
    written.add(object.value);
    return writer.blank(
      ordered(bySubject.get(object.value) ?? []).map((quad) => ({
        predicate: quad.predicate,
        object: objectOf(quad.object),
      })),
    );
  };
  const subjects = [...bySubject.keys()].sort((a, b) =>
    a === rootIri ? -1 : b === rootIri ? 1 : compare(a, b),
  );
  const writeSubject = (subject: string): void => {
    written.add(subject);
    for (const quad of ordered(bySubject.get(subject) ?? [])) {
      writer.addQuad(quad.subject, quad.predicate, objectOf(quad.object));
    }
  };
  for (const subject of subjects) {
    const first = bySubject.get(subject)?.[0];
    if (first !== undefined && !nested(first.subject)) writeSubject(subject);
  }
  // Blank nodes referenced once but only from a cycle of such nodes are not reachable above.
  for (const subject of subjects) if (!written.has(subject)) writeSubject(subject);

  return new Promise<string>((resolve, reject) => {
    writer.end((error: Error | null, result: string) => {
      if (error) reject(error);
      else resolve(result);
    });
  });
}

/**
 * The same graph as {@link toDcatApJsonLd}, as Turtle: JSON-LD → N-Quads (offline) → N3 → Turtle with
 * the {@link DCAT_PREFIXES}.
 */
export async function toDcatApTurtle(record: ReleaseRecord): Promise<string> {
  const quads = await toQuads(toDcatApJsonLd(record));
  return writeTurtle(quads, releaseIri(record), DCAT_PREFIXES);
}
