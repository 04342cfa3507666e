/**
 * PROV-O provenance of a version (https://www.w3.org/TR/prov-o/): where it came from, what produced it
 * and who is responsible for it.
 */
import type { Creator, ReleaseRecord } from '../release-record.js';
import { doiUrl, orcidUrl, relationIri, releaseIri, rorUrl, versionIri } from './citation-text.js';

/** The inline context of the PROV documents (no remote context to fetch). */
export const PROV_CONTEXT: Readonly<Record<string, string>> = Object.freeze({
  prov: 'http://www.w3.org/ns/prov#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  schema: 'https://schema.org/',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
});

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

function creatorId(c: Creator, index: number): string {
  if (c.kind === 'person' && c.orcid !== null) return orcidUrl(c.orcid);
  if (c.kind === 'organization' && c.ror !== null) return rorUrl(c.ror);
  return `_:creator-${String(index)}`;
}

function creatorNode(c: Creator, index: number): Record<string, unknown> {
  return prune({
    '@id': creatorId(c, index),
    '@type': ['prov:Agent', c.kind === 'person' ? 'prov:Person' : 'prov:Organization'],
    'foaf:name': c.name,
    'foaf:givenName': c.givenName,
    'foaf:familyName': c.familyName,
  });
}

/**
 * The provenance of the release's version as PROV-O JSON-LD (an `@graph` with an inline context).
 *
 * - The version (its DOI URL, else its landing page) is a `prov:Entity` and `dcat:Dataset`,
 *   `prov:specializationOf` the concept DOI, `prov:wasRevisionOf` and `prov:wasDerivedFrom` the previous
 *   version, `prov:wasDerivedFrom` every IsDerivedFrom relation, `prov:generatedAtTime` its publication
 *   (xsd:dateTime; absent for drafts) and `prov:wasAttributedTo` its creators and the publisher.
 * - It `prov:wasGeneratedBy` the activity "production of version N", named `<landing page>#production`,
 *   which `prov:used` the IsDerivedFrom inputs and `prov:wasAssociatedWith` the creators and the software.
 * - The software is a `prov:SoftwareAgent` and `schema:SoftwareApplication` with `schema:name` and
 *   `schema:softwareVersion`. Agents are their ORCID / ROR IRIs, else blank nodes.
 */
export function toProvJsonLd(record: ReleaseRecord): Record<string, unknown> {
  const m = record.metadata;
  const activity = `${record.landingPage}#production`;
  const previous = record.previousVersion === null ? null : versionIri(record.previousVersion);
  const inputs = m.relations.filter((r) => r.relationType === 'IsDerivedFrom').map(relationIri);
  const creators = m.creators.map(creatorNode);
  const creatorRefs = m.creators.map((c, i) => ref(creatorId(c, i)));
  const publisherId = record.publisher.ror === null ? '_:publisher' : rorUrl(record.publisher.ror);
  const softwareId = '_:software';
  const software = record.software;

  const version = prune({
    '@id': releaseIri(record),
    '@type': ['prov:Entity', 'dcat:Dataset'],
    'dct:title': m.title === null ? null : { '@value': m.title, '@language': m.language },
    'prov:specializationOf': record.conceptDoi === null ? null : ref(doiUrl(record.conceptDoi)),
    'prov:wasRevisionOf': previous === null ? null : ref(previous),
    'prov:wasDerivedFrom': [...(previous === null ? [] : [previous]), ...inputs].map(ref),
    'prov:wasGeneratedBy': ref(activity),
    'prov:generatedAtTime':
      record.publishedAt === null ? null : { '@value': record.publishedAt, '@type': 'xsd:dateTime' },
    'prov:wasAttributedTo': [...creatorRefs, ref(publisherId)],
  });
  const production = prune({
    '@id': activity,
    '@type': 'prov:Activity',
    'rdfs:label': { '@value': `production of version ${String(record.versionNumber)}`, '@language': 'en' },
    'prov:used': inputs.map(ref),
    'prov:wasAssociatedWith': [...(software === null ? [] : [ref(softwareId)]), ...creatorRefs],
  });
  const previousNode =
    record.previousVersion === null || previous === null
      ? []
      : [
          prune({
            '@id': previous,
            '@type': ['prov:Entity', 'dcat:Dataset'],
            'dcat:landingPage': ref(record.previousVersion.landingPage),
          }),
        ];
  const concept =
    record.conceptDoi === null ? [] : [{ '@id': doiUrl(record.conceptDoi), '@type': 'prov:Entity' }];
  const softwareNode =
    software === null
      ? []
      : [
          prune({
            '@id': softwareId,
            '@type': ['prov:Agent', 'prov:SoftwareAgent', 'schema:SoftwareApplication'],
            'schema:name': software.name,
            'schema:softwareVersion': software.version,
          }),
        ];
  return {
    '@context': { ...PROV_CONTEXT },
    '@graph': [
      version,
      production,
      ...previousNode,
      ...concept,
      ...inputs.map((iri) => ({ '@id': iri, '@type': 'prov:Entity' })),
      ...softwareNode,
      ...creators,
      prune({
        '@id': publisherId,
        '@type': ['prov:Agent', 'prov:Organization'],
        'foaf:name': record.publisher.name,
        'foaf:homepage': ref(record.publisher.url),
      }),
    ],
  };
}
