import type { Creator, ReleaseRecord, ReleaseRelation, Variable } from '../release-record.js';
import { APDC_VOCABULARY_BASE } from '../vocabulary-base.js';

/*
 * DataCite is the crosswalk the others are read from: the DataCite XML writer serialises these attributes
 * and the oai_dc writer applies DataCite's own DataCite→Dublin Core mapping to them, so the three
 * dialects can never disagree about a release.
 */

export const DATACITE_SCHEMA_VERSION = 'http://datacite.org/schema/kernel-4';
export const ORCID_SCHEME_URI = 'https://orcid.org/';
export const ROR_SCHEME_URI = 'https://ror.org';
export const SPDX_SCHEME_URI = 'https://spdx.org/licenses/';
/** The APDC SKOS concept schemes (see ontologies/context/apdc-v1.jsonld). */
export const MESSENGER_SUBJECT_SCHEME = 'APDC messengers';
export const FACILITY_SUBJECT_SCHEME = 'APDC facilities';
export const MESSENGER_SCHEME_URI = `${APDC_VOCABULARY_BASE}messenger/`;
export const FACILITY_SCHEME_URI = `${APDC_VOCABULARY_BASE}facility/`;

export type DataCiteNameType = 'Personal' | 'Organizational';
export type DataCiteDateType = 'Issued' | 'Updated' | 'Collected';
export type DataCiteDescriptionType = 'Abstract' | 'Methods' | 'TechnicalInfo';
export type DataCiteRelatedIdentifierType = 'DOI' | 'URL' | 'arXiv';

export interface DataCiteNameIdentifier {
  readonly nameIdentifier: string;
  readonly nameIdentifierScheme: 'ORCID' | 'ROR';
  readonly schemeUri: string;
}

export interface DataCiteAffiliation {
  readonly name: string;
  readonly affiliationIdentifier?: string;
  readonly affiliationIdentifierScheme?: 'ROR';
  readonly schemeUri?: string;
}

export interface DataCiteCreator {
  readonly name: string;
  readonly nameType: DataCiteNameType;
  readonly givenName?: string;
  readonly familyName?: string;
  readonly nameIdentifiers: readonly DataCiteNameIdentifier[];
  readonly affiliation: readonly DataCiteAffiliation[];
}

export interface DataCiteTitle {
  readonly title: string;
  readonly lang?: string;
}

export interface DataCitePublisher {
  readonly name: string;
  readonly publisherIdentifier?: string;
  readonly publisherIdentifierScheme?: 'ROR';
  readonly schemeUri?: string;
}

export interface DataCiteSubject {
  readonly subject: string;
  readonly subjectScheme?: string;
  readonly schemeUri?: string;
  readonly valueUri?: string;
  readonly lang?: string;
}

export interface DataCiteDate {
  readonly date: string;
  readonly dateType: DataCiteDateType;
}

/** An alternate identifier (the REST API's `identifiers`): here the landing page, type `URL`. */
export interface DataCiteIdentifier {
  readonly identifier: string;
  readonly identifierType: string;
}

export interface DataCiteRelatedIdentifier {
  readonly relatedIdentifier: string;
  readonly relatedIdentifierType: DataCiteRelatedIdentifierType;
  readonly relationType: string;
  /** Only with relationType `Other`: the relation the curator named, which DataCite's list lacks. */
  readonly relationTypeInformation?: string;
  readonly resourceTypeGeneral?: 'Dataset';
}

export interface DataCiteRights {
  readonly rights: string;
  readonly rightsUri: string;
  readonly rightsIdentifier: string;
  readonly rightsIdentifierScheme: 'SPDX';
  readonly schemeUri: string;
  readonly lang?: string;
}

export interface DataCiteDescription {
  readonly description: string;
  readonly descriptionType: DataCiteDescriptionType;
  readonly lang?: string;
}

export interface DataCiteGeoLocation {
  readonly geoLocationPlace: string;
}

/**
 * The `attributes` of a DataCite REST API `dois` resource, spelt exactly as the API spells them. What
 * the release does not know is left out (a draft may lack a DOI, a title or a year) rather than invented;
 * only the XML, whose schema makes some properties mandatory, fills gaps, with DataCite's own codes.
 */
export interface DataCiteAttributes {
  /** Bare DOI; absent until one is registered. */
  readonly doi?: string;
  readonly identifiers: readonly DataCiteIdentifier[];
  readonly creators: readonly DataCiteCreator[];
  readonly titles: readonly DataCiteTitle[];
  readonly publisher: DataCitePublisher;
  readonly publicationYear?: number;
  readonly types: { readonly resourceTypeGeneral: 'Dataset'; readonly resourceType?: string };
  readonly subjects: readonly DataCiteSubject[];
  readonly dates: readonly DataCiteDate[];
  readonly language: string;
  readonly relatedIdentifiers: readonly DataCiteRelatedIdentifier[];
  readonly sizes: readonly string[];
  readonly formats: readonly string[];
  readonly version: string;
  readonly rightsList: readonly DataCiteRights[];
  readonly descriptions: readonly DataCiteDescription[];
  readonly geoLocations: readonly DataCiteGeoLocation[];
  /** The landing page, which the DOI resolves to. */
  readonly url: string;
  readonly schemaVersion: typeof DATACITE_SCHEMA_VERSION;
}

/** A JSON:API document as the DataCite REST API reads and writes it (`POST /dois`, `PUT /dois/{doi}`). */
export interface DataCiteDocument {
  readonly data: {
    /** The DOI, when there is one. */
    readonly id?: string;
    readonly type: 'dois';
    readonly attributes: DataCiteAttributes;
  };
}

/** DataCite 4.7's relationType list; any other relation is written as `Other` with its own name kept. */
export const DATACITE_RELATION_TYPES: ReadonlySet<string> = new Set([
  'IsCitedBy',
  'Cites',
  'IsSupplementTo',
  'IsSupplementedBy',
  'IsContinuedBy',
  'Continues',
  'IsNewVersionOf',
  'IsPreviousVersionOf',
  'IsPartOf',
  'HasPart',
  'IsPublishedIn',
  'IsReferencedBy',
  'References',
  'IsDocumentedBy',
  'Documents',
  'IsCompiledBy',
  'Compiles',
  'IsVariantFormOf',
  'IsOriginalFormOf',
  'IsIdenticalTo',
  'HasMetadata',
  'IsMetadataFor',
  'Reviews',
  'IsReviewedBy',
  'IsDerivedFrom',
  'IsSourceOf',
  'Describes',
  'IsDescribedBy',
  'HasVersion',
  'IsVersionOf',
  'Requires',
  'IsRequiredBy',
  'Obsoletes',
  'IsObsoletedBy',
  'Collects',
  'IsCollectedBy',
  'HasTranslation',
  'IsTranslationOf',
  'Other',
]);

/**
 * Full titles of the licences data releases use; DataCite asks for "the complete title of a license".
 * Others fall back to their SPDX id, which the rightsIdentifier makes unambiguous anyway.
 */
const LICENSE_NAMES: Readonly<Record<string, string>> = {
  'CC-BY-4.0': 'Creative Commons Attribution 4.0 International',
  'CC-BY-SA-4.0': 'Creative Commons Attribution Share Alike 4.0 International',
  'CC-BY-NC-4.0': 'Creative Commons Attribution Non Commercial 4.0 International',
  'CC-BY-ND-4.0': 'Creative Commons Attribution No Derivatives 4.0 International',
  'CC0-1.0': 'Creative Commons Zero v1.0 Universal',
  'ODbL-1.0': 'Open Data Commons Open Database License v1.0',
  'ODC-By-1.0': 'Open Data Commons Attribution License v1.0',
  'PDDL-1.0': 'Open Data Commons Public Domain Dedication & License 1.0',
  'Apache-2.0': 'Apache License 2.0',
  MIT: 'MIT License',
  'BSD-3-Clause': 'BSD 3-Clause "New" or "Revised" License',
  'GPL-3.0-or-later': 'GNU General Public License v3.0 or later',
  'LGPL-3.0-or-later': 'GNU Lesser General Public License v3.0 or later',
  'EUPL-1.2': 'European Union Public License 1.2',
};

/** The licence's full name, or its SPDX id when this module does not know the name. */
export function licenseName(spdxId: string): string {
  return LICENSE_NAMES[spdxId] ?? spdxId;
}

/** `event-list` → `Event list`: the free-text resourceType DataCite pairs with resourceTypeGeneral. */
export function dataLevelLabel(slug: string): string {
  const words = slug.replaceAll('-', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** One line of the TechnicalInfo description: `name [unit] (ucd): description`. */
export function variableLine(variable: Variable): string {
  let line = variable.name;
  if (variable.unit !== null) line += ` [${variable.unit}]`;
  if (variable.ucd !== null) line += ` (${variable.ucd})`;
  if (variable.description !== null) line += `: ${variable.description.replace(/\s*[\r\n]+\s*/g, ' ')}`;
  return line;
}

export const VARIABLES_HEADING = 'Variables (name [VOUnit] (UCD): description):';

/** The Methods description naming the software that produced the release. */
export function softwareSentence(software: NonNullable<ReleaseRecord['software']>): string {
  return software.version === null
    ? `Produced with ${software.name}.`
    : `Produced with ${software.name} (version ${software.version}).`;
}

/** The publication year: the curator's, else the year of the publication date or of publishing. */
export function publicationYearOf(record: ReleaseRecord): number | undefined {
  if (record.metadata.publicationYear !== null) return record.metadata.publicationYear;
  for (const date of [record.metadata.datePublished, record.publishedAt]) {
    const year = date === null ? undefined : /^(\d{4})/.exec(date)?.[1];
    if (year !== undefined) return Number(year);
  }
  return undefined;
}

function creator(entry: Creator): DataCiteCreator {
  const affiliation = entry.affiliations.map((a): DataCiteAffiliation =>
    a.ror === null
      ? { name: a.name }
      : {
          name: a.name,
          affiliationIdentifier: `https://ror.org/${a.ror}`,
          affiliationIdentifierScheme: 'ROR',
          schemeUri: ROR_SCHEME_URI,
        },
  );
  const nameIdentifiers: DataCiteNameIdentifier[] = [];
  if (entry.orcid !== null)
    nameIdentifiers.push({
      nameIdentifier: `https://orcid.org/${entry.orcid}`,
      nameIdentifierScheme: 'ORCID',
      schemeUri: ORCID_SCHEME_URI,
    });
  if (entry.ror !== null)
    nameIdentifiers.push({
      nameIdentifier: `https://ror.org/${entry.ror}`,
      nameIdentifierScheme: 'ROR',
      schemeUri: ROR_SCHEME_URI,
    });
  if (entry.kind === 'organization')
    return { name: entry.name, nameType: 'Organizational', nameIdentifiers, affiliation };
  // DataCite writes personal names "Family, Given"; the parts travel separately too.
  const name =
    entry.familyName !== null && entry.givenName !== null
      ? `${entry.familyName}, ${entry.givenName}`
      : entry.name;
  return {
    name,
    nameType: 'Personal',
    ...(entry.givenName === null ? {} : { givenName: entry.givenName }),
    ...(entry.familyName === null ? {} : { familyName: entry.familyName }),
    nameIdentifiers,
    affiliation,
  };
}

function relatedIdentifier(relation: ReleaseRelation): DataCiteRelatedIdentifier {
  const base = { relatedIdentifier: relation.identifier, relatedIdentifierType: relation.identifierType };
  return DATACITE_RELATION_TYPES.has(relation.relationType)
    ? { ...base, relationType: relation.relationType }
    : { ...base, relationType: 'Other', relationTypeInformation: relation.relationType };
}

/** The DataCite attributes of a release (see {@link toDataCiteJson}). */
export function toDataCiteAttributes(record: ReleaseRecord): DataCiteAttributes {
  const m = record.metadata;
  const lang = m.language;
  const year = publicationYearOf(record);

  const subjects: DataCiteSubject[] = [
    ...m.keywords.map((subject) => ({ subject, lang })),
    ...m.messengers.map((slug) => ({
      subject: slug,
      subjectScheme: MESSENGER_SUBJECT_SCHEME,
      schemeUri: MESSENGER_SCHEME_URI,
      valueUri: `${MESSENGER_SCHEME_URI}${slug}`,
    })),
    ...m.facilities.map((slug) => ({
      subject: slug,
      subjectScheme: FACILITY_SUBJECT_SCHEME,
      schemeUri: FACILITY_SCHEME_URI,
      valueUri: `${FACILITY_SCHEME_URI}${slug}`,
    })),
  ];

  const dates: DataCiteDate[] = [];
  const issued = m.datePublished ?? record.publishedAt?.slice(0, 10) ?? null;
  if (issued !== null) dates.push({ date: issued, dateType: 'Issued' });
  if (m.dateModified !== null) dates.push({ date: m.dateModified, dateType: 'Updated' });
  if (m.temporalCoverage !== null) {
    const { start, end } = m.temporalCoverage;
    // RKMS-ISO8601 range; an open or single-instant coverage is its start alone.
    dates.push({ date: end === null ? start : `${start}/${end}`, dateType: 'Collected' });
  }

  const relatedIdentifiers = m.relations.map(relatedIdentifier);
  if (record.conceptDoi !== null)
    relatedIdentifiers.push({
      relatedIdentifier: record.conceptDoi,
      relatedIdentifierType: 'DOI',
      relationType: 'IsVersionOf',
      resourceTypeGeneral: 'Dataset',
    });
  if (record.previousVersion !== null) {
    const previous = record.previousVersion;
    relatedIdentifiers.push({
      relatedIdentifier: previous.doi ?? previous.landingPage,
      relatedIdentifierType: previous.doi === null ? 'URL' : 'DOI',
      relationType: 'IsNewVersionOf',
      resourceTypeGeneral: 'Dataset',
    });
  }

  const descriptions: DataCiteDescription[] = [];
  if (m.description !== null)
    descriptions.push({ description: m.description, descriptionType: 'Abstract', lang });
  if (m.variables.length > 0)
    descriptions.push({
      description: [VARIABLES_HEADING, ...m.variables.map(variableLine)].join('\n'),
      descriptionType: 'TechnicalInfo',
      lang: 'en',
    });
  if (record.software !== null)
    descriptions.push({
      description: softwareSentence(record.software),
      descriptionType: 'Methods',
      lang: 'en',
    });

  const totalBytes = record.files.reduce((sum, file) => sum + file.sizeBytes, 0);
  const publisher = record.publisher;

  return {
    ...(record.doi === null ? {} : { doi: record.doi }),
    identifiers: [{ identifier: record.landingPage, identifierType: 'URL' }],
    creators: m.creators.map(creator),
    titles: m.title === null ? [] : [{ title: m.title, lang }],
    publisher:
      publisher.ror === null
        ? { name: publisher.name }
        : {
            name: publisher.name,
            publisherIdentifier: `https://ror.org/${publisher.ror}`,
            publisherIdentifierScheme: 'ROR',
            schemeUri: ROR_SCHEME_URI,
          },
    ...(year === undefined ? {} : { publicationYear: year }),
    types:
      m.dataLevel === null
        ? { resourceTypeGeneral: 'Dataset' }
        : { resourceTypeGeneral: 'Dataset', resourceType: dataLevelLabel(m.dataLevel) },
    subjects,
    dates,
    language: lang,
    relatedIdentifiers,
    sizes: record.files.length === 0 ? [] : [`${totalBytes} bytes`, `${record.files.length} files`],
    formats: [...new Set(record.files.map((file) => file.mediaType))],
    version: m.versionLabel ?? String(record.versionNumber),
    rightsList:
      m.license === null
        ? []
        : [
            {
              rights: licenseName(m.license),
              rightsUri: `${SPDX_SCHEME_URI}${m.license}`,
              rightsIdentifier: m.license,
              rightsIdentifierScheme: 'SPDX',
              schemeUri: SPDX_SCHEME_URI,
              lang: 'en',
            },
          ],
    descriptions,
    geoLocations: m.spatialCoverage === null ? [] : [{ geoLocationPlace: m.spatialCoverage }],
    url: record.landingPage,
    schemaVersion: DATACITE_SCHEMA_VERSION,
  };
}

/**
 * DataCite REST API JSON (JSON:API, `type: 'dois'`) for a release, as `POST /dois` takes it: attribute
 * names exactly as the API spells them (`rightsUri`, `schemeUri`, `relatedIdentifierType`, ...).
 * Persons are "Family, Given" with ORCID URLs, affiliations carry ROR URLs, the licence is SPDX, the
 * concept DOI is an `IsVersionOf` relation and the previous version an `IsNewVersionOf` one. Unknown
 * values (no DOI yet, no title, no year) are left out, which the API accepts for draft DOIs.
 */
export function toDataCiteJson(record: ReleaseRecord): DataCiteDocument {
  const attributes = toDataCiteAttributes(record);
  return {
    data: {
      ...(attributes.doi === undefined ? {} : { id: attributes.doi }),
      type: 'dois',
      attributes,
    },
  };
}
