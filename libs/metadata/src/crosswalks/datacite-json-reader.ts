import type {
  Affiliation,
  Creator,
  ReleaseMetadata,
  ReleaseRecord,
  ReleaseRelation,
  TemporalCoverage,
  Variable,
} from '../release-record.js';
import {
  FACILITY_SCHEME_URI,
  FACILITY_SUBJECT_SCHEME,
  MESSENGER_SCHEME_URI,
  MESSENGER_SUBJECT_SCHEME,
  VARIABLES_HEADING,
  type DataCiteAttributes,
  type DataCiteCreator,
  type DataCiteDocument,
  type DataCiteRelatedIdentifier,
  type DataCiteSubject,
} from './datacite-json.js';

/**
 * What a DataCite record says about a release: the subset of {@link ReleaseRecord} that DataCite
 * carries, in the record's own shape so round-trip tests compare field by field. DataCite has no place
 * for the previous version's number, the publisher's web site or file-level detail, so those are absent
 * or summarised.
 */
export interface DataCiteReading {
  readonly doi: string | null;
  readonly conceptDoi: string | null;
  readonly landingPage: string | null;
  readonly publisher: { readonly name: string; readonly ror: string | null };
  /** The DataCite `version`: the version label, or the version number when there is no label. */
  readonly version: string | null;
  /** DataCite has no place for the sky or the energies (its geoLocations are on the Earth). */
  readonly metadata: Omit<ReleaseMetadata, 'versionLabel' | 'skyCoverage' | 'energyRange'>;
  /** The previous version, by DOI or (before it had one) by landing page. */
  readonly previousVersion: { readonly doi: string | null; readonly landingPage: string | null } | null;
  /** Sum of file sizes and number of files, from `sizes`; media types from `formats`. */
  readonly files: {
    readonly totalBytes: number | null;
    readonly count: number | null;
    readonly mediaTypes: readonly string[];
  };
  readonly software: ReleaseRecord['software'];
}

function stripPrefix(value: string | undefined, prefix: string): string | null {
  if (value === undefined) return null;
  return value.startsWith(prefix) ? value.slice(prefix.length) : value;
}

function readCreator(entry: DataCiteCreator): Creator {
  const identifier = (scheme: string) =>
    entry.nameIdentifiers.find((id) => id.nameIdentifierScheme === scheme)?.nameIdentifier;
  const affiliations = entry.affiliation.map((a): Affiliation => ({
    name: a.name,
    ror: stripPrefix(a.affiliationIdentifier, 'https://ror.org/'),
  }));
  const givenName = entry.givenName ?? null;
  const familyName = entry.familyName ?? null;
  const person = entry.nameType === 'Personal';
  return {
    kind: person ? 'person' : 'organization',
    // The record's display name is "Given Family"; DataCite's is "Family, Given".
    name: person && givenName !== null && familyName !== null ? `${givenName} ${familyName}` : entry.name,
    givenName,
    familyName,
    orcid: stripPrefix(identifier('ORCID'), 'https://orcid.org/'),
    ror: stripPrefix(identifier('ROR'), 'https://ror.org/'),
    affiliations,
  };
}

function slugOf(subject: DataCiteSubject, schemeUri: string): string {
  return stripPrefix(subject.valueUri, schemeUri) ?? subject.subject;
}

function readCoverage(range: string | undefined): TemporalCoverage | null {
  if (range === undefined) return null;
  const slash = range.indexOf('/');
  if (slash === -1) return { start: range, end: null };
  const end = range.slice(slash + 1);
  return { start: range.slice(0, slash), end: end === '' ? null : end };
}

const VARIABLE_LINE = /^(.+?)(?: \[(.*?)\])?(?: \(([^()]*)\))?(?:: (.*))?$/;

function readVariables(text: string | undefined): Variable[] {
  if (text === undefined) return [];
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && line !== VARIABLES_HEADING)
    .map((line) => {
      const match = VARIABLE_LINE.exec(line);
      return {
        name: match?.[1] ?? line,
        unit: match?.[2] ?? null,
        ucd: match?.[3] ?? null,
        description: match?.[4] ?? null,
      };
    });
}

const SOFTWARE_SENTENCE = /^Produced with (.+?)(?: \(version (.+)\))?\.$/s;

function readSoftware(text: string | undefined): ReleaseRecord['software'] {
  const match = text === undefined ? null : SOFTWARE_SENTENCE.exec(text);
  if (match?.[1] === undefined) return null;
  return { name: match[1], version: match[2] ?? null };
}

function readRelation(related: DataCiteRelatedIdentifier): ReleaseRelation {
  return {
    relationType:
      related.relationType === 'Other' && related.relationTypeInformation !== undefined
        ? related.relationTypeInformation
        : related.relationType,
    identifier: related.relatedIdentifier,
    identifierType: related.relatedIdentifierType,
  };
}

function sizeOf(sizes: readonly string[], unit: string): number | null {
  for (const size of sizes) {
    const match = new RegExp(`^(\\d+) ${unit}$`).exec(size);
    if (match?.[1] !== undefined) return Number(match[1]);
  }
  return null;
}

/**
 * Reads DataCite attributes written by {@link toDataCiteAttributes} back into release fields. The
 * version links are told apart from the curator's relations by their relation types: the catalogue
 * writes `IsVersionOf` (concept DOI) and `IsNewVersionOf` (previous version), which ingest never produces.
 */
export function readDataCiteAttributes(attributes: DataCiteAttributes): DataCiteReading {
  const description = (type: string) =>
    attributes.descriptions.find((d) => d.descriptionType === type)?.description;
  const date = (type: string) => attributes.dates.find((d) => d.dateType === type)?.date;
  const subjectsIn = (scheme: string | undefined) =>
    attributes.subjects.filter((subject) => subject.subjectScheme === scheme);

  const conceptLink = attributes.relatedIdentifiers.find(
    (r) => r.relationType === 'IsVersionOf' && r.relatedIdentifierType === 'DOI',
  );
  const previousLink = attributes.relatedIdentifiers.find((r) => r.relationType === 'IsNewVersionOf');
  const relations = attributes.relatedIdentifiers.filter((r) => r !== conceptLink && r !== previousLink);
  const publisher = attributes.publisher;
  const landingPage =
    attributes.url !== ''
      ? attributes.url
      : (attributes.identifiers.find((id) => id.identifierType === 'URL')?.identifier ?? null);
  const abstract = description('Abstract');

  return {
    doi: attributes.doi ?? null,
    conceptDoi: conceptLink?.relatedIdentifier ?? null,
    landingPage,
    publisher: {
      name: publisher.name,
      ror: stripPrefix(publisher.publisherIdentifier, 'https://ror.org/'),
    },
    version: attributes.version === '' ? null : attributes.version,
    metadata: {
      title: attributes.titles[0]?.title ?? null,
      description: abstract ?? null,
      license: attributes.rightsList[0]?.rightsIdentifier ?? null,
      publicationYear: attributes.publicationYear ?? null,
      datePublished: date('Issued') ?? null,
      dateModified: date('Updated') ?? null,
      keywords: subjectsIn(undefined).map((s) => s.subject),
      creators: attributes.creators.map(readCreator),
      relations: relations.map(readRelation),
      temporalCoverage: readCoverage(date('Collected')),
      spatialCoverage: attributes.geoLocations[0]?.geoLocationPlace ?? null,
      messengers: subjectsIn(MESSENGER_SUBJECT_SCHEME).map((s) => slugOf(s, MESSENGER_SCHEME_URI)),
      facilities: subjectsIn(FACILITY_SUBJECT_SCHEME).map((s) => slugOf(s, FACILITY_SCHEME_URI)),
      dataLevel:
        attributes.types.resourceType === undefined
          ? null
          : attributes.types.resourceType.toLowerCase().replaceAll(' ', '-'),
      variables: readVariables(description('TechnicalInfo')),
      language: attributes.language,
    },
    previousVersion:
      previousLink === undefined
        ? null
        : previousLink.relatedIdentifierType === 'DOI'
          ? { doi: previousLink.relatedIdentifier, landingPage: null }
          : { doi: null, landingPage: previousLink.relatedIdentifier },
    files: {
      totalBytes: sizeOf(attributes.sizes, 'bytes'),
      count: sizeOf(attributes.sizes, 'files'),
      mediaTypes: attributes.formats,
    },
    software: readSoftware(description('Methods')),
  };
}

/** Reads a DataCite REST API document (object or JSON text) written by {@link toDataCiteJson}. */
export function readDataCiteJson(document: DataCiteDocument | string): DataCiteReading {
  const parsed = typeof document === 'string' ? (JSON.parse(document) as DataCiteDocument) : document;
  return readDataCiteAttributes(parsed.data.attributes);
}
