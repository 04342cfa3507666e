/**
 * schema.org `Dataset` JSON-LD for landing pages, limited to what Google Dataset Search reads
 * (https://developers.google.com/search/docs/appearance/structured-data/dataset).
 */
import type { SkyRegion } from '@apdc/sky';
import { energyRangeInUnit } from '../energy-units.js';
import type { Creator, EnergyRange, ReleaseRecord, ReleaseRelation } from '../release-record.js';
import {
  conceptLabel,
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
  versionLabel,
} from './citation-text.js';

const SCHEMA = 'https://schema.org/';

/** Properties whose range includes URL are IRIs, as schema.org's own context declares them. */
const IRI_VALUED = ['url', 'sameAs', 'license', 'contentUrl', 'citation', 'isBasedOn'] as const;

const APDC_TERMS = 'https://w3id.org/apdc/terms#';

/**
 * Our terms for what schema.org cannot say (the sky and the energies a release covers), with the IRIs
 * of our context (`ontologies/context/apdc-v1.jsonld`). Flat term definitions, not our context's scoped
 * ones, so that JSON-LD 1.0 processors read them too.
 */
const APDC_SKY_AND_ENERGY_TERMS = [
  'skyCoverage',
  'SkyCone',
  'SkyBox',
  'frame',
  'lon',
  'lat',
  'radius',
  'lonMin',
  'lonMax',
  'latMin',
  'latMax',
  'energyRange',
] as const;

/**
 * The inline context: schema.org over https (what Google prefers), with no remote context to fetch, so
 * the document is processed offline and its RDF is the same as with the remote schema.org context; plus
 * our sky and energy terms, which Google ignores and our ingest reads back.
 */
export const SCHEMA_ORG_CONTEXT: Readonly<Record<string, unknown>> = Object.freeze({
  '@vocab': SCHEMA,
  ...Object.fromEntries(IRI_VALUED.map((term) => [term, { '@id': `${SCHEMA}${term}`, '@type': '@id' }])),
  ...Object.fromEntries(APDC_SKY_AND_ENERGY_TERMS.map((term) => [term, `${APDC_TERMS}${term}`])),
});

/** DataCite relation types that schema.org's `citation` stands for: works to cite with the dataset. */
const CITATION_RELATIONS = new Set([
  'References',
  'Cites',
  'IsSupplementTo',
  'IsDocumentedBy',
  'IsDescribedBy',
]);

function prune(node: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(node).filter(
      ([, value]) => value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0),
    ),
  );
}

function organization(name: string, ror: string | null, url?: string): Record<string, unknown> {
  // Google's examples read an organisation's or person's identifier from sameAs; @id makes it linked data.
  const id = ror === null ? undefined : rorUrl(ror);
  return prune({ '@type': 'Organization', '@id': id, sameAs: id, name, url });
}

function creator(c: Creator): Record<string, unknown> {
  if (c.kind === 'organization') return organization(c.name, c.ror);
  const id = c.orcid === null ? undefined : orcidUrl(c.orcid);
  return prune({
    '@type': 'Person',
    '@id': id,
    sameAs: id,
    name: c.name,
    givenName: c.givenName,
    familyName: c.familyName,
    affiliation: c.affiliations.map((a) => organization(a.name, a.ror)),
  });
}

function relationIris(relations: readonly ReleaseRelation[], accept: (type: string) => boolean): string[] {
  return relations.filter((r) => accept(r.relationType)).map(relationIri);
}

/** A sky region as our context writes it: the keyword "all-sky", or a SkyCone or SkyBox node. */
function skyRegion(region: SkyRegion): string | Record<string, unknown> {
  switch (region.kind) {
    case 'all-sky':
      return 'all-sky';
    case 'cone':
      return {
        '@type': 'SkyCone',
        frame: region.frame,
        lon: region.lon,
        lat: region.lat,
        radius: region.radius,
      };
    case 'box':
      return {
        '@type': 'SkyBox',
        frame: region.frame,
        lonMin: region.lonMin,
        lonMax: region.lonMax,
        latMin: region.latMin,
        latMax: region.latMax,
      };
  }
}

/** The energy range as a QuantitativeValue in the largest unit that reads back to the same electronvolts. */
function energyRange(range: EnergyRange): Record<string, unknown> {
  const { unit, min, max } = energyRangeInUnit(range);
  return prune({ '@type': 'QuantitativeValue', minValue: min, maxValue: max, unitText: unit });
}

function definedTerm(iri: string, slug: string): Record<string, unknown> {
  return { '@type': 'DefinedTerm', '@id': iri, name: conceptLabel(slug), termCode: slug };
}

/**
 * The release as a schema.org `Dataset` (JSON-LD with an inline context), for the landing page's
 * `<script type="application/ld+json">`.
 *
 * - The node's `@id` is the DOI URL, else the landing page; `identifier` is a DOI `PropertyValue` (Google's
 *   recommended form) or the landing page URL; `url` is always the landing page.
 * - Messengers, facilities and the data level are `about` DefinedTerms whose `@id` is the concept IRI,
 *   not `keywords`: Google documents `keywords` as text, so they stay the curator's keywords only.
 * - Relations: References/Cites/IsSupplementTo/IsDocumentedBy/IsDescribedBy → `citation`,
 *   IsDerivedFrom → `isBasedOn`, IsIdenticalTo → `sameAs`; other types are left out.
 * - `contentSize` is the exact size in bytes, written `"734123 B"`.
 * - The sky coverage and the energy range go out in our terms (`skyCoverage`, `energyRange`, defined in
 *   the inline context), as the curator sends them, so that the document reads back into the same record.
 */
export function toSchemaOrgDataset(record: ReleaseRecord): Record<string, unknown> {
  const m = record.metadata;
  const about = [
    ...m.messengers.map((slug) => definedTerm(messengerIri(slug), slug)),
    ...m.facilities.map((slug) => definedTerm(facilityIri(slug), slug)),
    ...(m.dataLevel === null ? [] : [definedTerm(dataLevelIri(m.dataLevel), m.dataLevel)]),
  ];
  return prune({
    '@context': SCHEMA_ORG_CONTEXT,
    '@type': 'Dataset',
    '@id': releaseIri(record),
    name: m.title,
    description: m.description,
    identifier:
      record.doi === null
        ? record.landingPage
        : {
            '@type': 'PropertyValue',
            propertyID: 'https://registry.identifiers.org/registry/doi',
            value: `doi:${record.doi}`,
            url: doiUrl(record.doi),
          },
    url: record.landingPage,
    sameAs: relationIris(m.relations, (type) => type === 'IsIdenticalTo'),
    version: versionLabel(record),
    creator: m.creators.map(creator),
    publisher: organization(record.publisher.name, record.publisher.ror, record.publisher.url),
    includedInDataCatalog: { '@type': 'DataCatalog', name: record.publisher.name, url: record.publisher.url },
    datePublished: publicationDate(record),
    dateModified: m.dateModified,
    license: m.license === null ? null : spdxLicenseUrl(m.license),
    isAccessibleForFree: true,
    inLanguage: m.language,
    keywords: m.keywords,
    about,
    temporalCoverage:
      m.temporalCoverage === null ? null : `${m.temporalCoverage.start}/${m.temporalCoverage.end ?? '..'}`,
    spatialCoverage: m.spatialCoverage === null ? null : { '@type': 'Place', name: m.spatialCoverage },
    skyCoverage: m.skyCoverage.map(skyRegion),
    energyRange: m.energyRange === null ? null : energyRange(m.energyRange),
    variableMeasured: m.variables.map((v) =>
      prune({
        '@type': 'PropertyValue',
        name: v.name,
        description: v.description,
        unitText: v.unit,
        propertyID: v.ucd,
      }),
    ),
    distribution: record.files.map((f) => ({
      '@type': 'DataDownload',
      name: f.path,
      contentUrl: f.url,
      encodingFormat: f.mediaType,
      contentSize: `${f.sizeBytes} B`,
      sha256: f.sha256,
    })),
    citation: relationIris(m.relations, (type) => CITATION_RELATIONS.has(type)),
    isBasedOn: relationIris(m.relations, (type) => type === 'IsDerivedFrom'),
  });
}
