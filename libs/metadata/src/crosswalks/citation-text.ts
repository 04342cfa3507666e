/**
 * How a release is named and cited, shared by every crosswalk so that schema.org, DCAT, PROV, CSL-JSON,
 * BibTeX and RIS agree on identifiers, names, dates and versions; plus the plain-text citation in
 * DataCite's recommended form.
 */
import type { Creator, ReleaseRecord, ReleaseRelation } from '../release-record.js';
import { APDC_VOCABULARY_BASE } from '../vocabulary-base.js';

/** Namespace of the APDC terms. */
export const APDC_TERMS = 'https://w3id.org/apdc/terms#';

// Characters allowed unencoded in the path of an http(s) URL; everything else in a DOI is percent-encoded,
// so that `#`, `?`, spaces or `<>` in a DOI suffix cannot break the IRI (doi.org decodes them again).
const URL_PATH_UNSAFE = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/gu;

/** The resolver URL of a bare DOI, e.g. `https://doi.org/10.5072/apdc.k7q2-x4mv`. */
export function doiUrl(doi: string): string {
  return `https://doi.org/${doi.replace(URL_PATH_UNSAFE, (c) => encodeURIComponent(c))}`;
}

/** The ORCID URL of a bare ORCID iD. */
export function orcidUrl(orcid: string): string {
  return `https://orcid.org/${orcid}`;
}

/** The ROR URL of a bare ROR id. */
export function rorUrl(ror: string): string {
  return `https://ror.org/${ror}`;
}

/** The SPDX licence-list URL of an SPDX licence id. */
export function spdxLicenseUrl(id: string): string {
  return `https://spdx.org/licenses/${encodeURIComponent(id)}`;
}

/** The concept IRI of a messenger slug, e.g. `https://w3id.org/apdc/vocab/messenger/neutrino`. */
export function messengerIri(slug: string): string {
  return `${APDC_VOCABULARY_BASE}messenger/${encodeURIComponent(slug)}`;
}

/** The concept IRI of a facility slug, e.g. `https://w3id.org/apdc/vocab/facility/icecube`. */
export function facilityIri(slug: string): string {
  return `${APDC_VOCABULARY_BASE}facility/${encodeURIComponent(slug)}`;
}

/** The concept IRI of a data-level slug, e.g. `https://w3id.org/apdc/vocab/data-level/event-list`. */
export function dataLevelIri(slug: string): string {
  return `${APDC_VOCABULARY_BASE}data-level/${encodeURIComponent(slug)}`;
}

/**
 * A readable label for a concept slug (`charged-cosmic-ray` → `charged cosmic ray`). The concept
 * scheme's own `skos:prefLabel` is authoritative; this only spares consumers an unlabelled node.
 */
export function conceptLabel(slug: string): string {
  return slug.replaceAll('-', ' ');
}

/** The IRI of a related resource: DOIs as doi.org URLs, arXiv ids as arxiv.org/abs URLs, URLs as given. */
export function relationIri(relation: ReleaseRelation): string {
  switch (relation.identifierType) {
    case 'DOI':
      return doiUrl(relation.identifier);
    case 'arXiv':
      return `https://arxiv.org/abs/${relation.identifier.replace(/^arXiv:/i, '')}`;
    case 'URL':
      return relation.identifier;
  }
}

/** The IRI of a version: its DOI URL once registered, else its landing page. */
export function versionIri(version: { readonly doi: string | null; readonly landingPage: string }): string {
  return version.doi === null ? version.landingPage : doiUrl(version.doi);
}

/** The IRI that identifies the release in every linked-data crosswalk (see {@link versionIri}). */
export function releaseIri(record: ReleaseRecord): string {
  return versionIri(record);
}

/** The version as cited: the curator's label, else the catalogue's version number. */
export function versionLabel(record: ReleaseRecord): string {
  return record.metadata.versionLabel ?? String(record.versionNumber);
}

/** The publication date as precise as known: the curator's ISO 8601 date, else the publication time. */
export function publicationDate(record: ReleaseRecord): string | null {
  return record.metadata.datePublished ?? record.publishedAt;
}

const ISO_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?$/u;

/** `[year]`, `[year, month]` or `[year, month, day]` of an ISO 8601 date or date-time, else null. */
export function isoDateParts(value: string): number[] | null {
  const match = ISO_DATE.exec(value);
  if (match === null) return null;
  return match.slice(1).flatMap((part) => (part === undefined ? [] : [Number(part)]));
}

/** The publication year: the curator's, else that of the publication date. */
export function publicationYear(record: ReleaseRecord): number | null {
  if (record.metadata.publicationYear !== null) return record.metadata.publicationYear;
  const date = publicationDate(record);
  return date === null ? null : (isoDateParts(date)?.[0] ?? null);
}

/**
 * The publication date as date parts for citations; the year alone when the curator's publication year
 * disagrees with the date, since the year is what citations show.
 */
export function publicationDateParts(record: ReleaseRecord): number[] | null {
  const year = publicationYear(record);
  const date = publicationDate(record);
  const parts = date === null ? null : isoDateParts(date);
  if (parts !== null && (year === null || parts[0] === year)) return parts;
  return year === null ? null : [year];
}

/** Family and given name of a person who has a family name; null for organisations and single names. */
export function personName(creator: Creator): { family: string; given: string | null } | null {
  if (creator.kind !== 'person' || creator.familyName === null || creator.familyName === '') return null;
  return { family: creator.familyName, given: creator.givenName === '' ? null : creator.givenName };
}

/** A creator as citations list them: "Family, Given" for persons, the name for organisations. */
export function invertedName(creator: Creator): string {
  const person = personName(creator);
  if (person === null) return creator.name;
  return person.given === null ? person.family : `${person.family}, ${person.given}`;
}

function asciiSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * A stable citation key shared by BibTeX and CSL-JSON (so `[@key]` works with either in pandoc): the first
 * creator's family name (or an organisation's first word), the year, the last four hex digits of the
 * dataset id (the random part of a UUIDv7) and the version number, e.g. `carberry2024-f450v2`.
 */
export function citationKey(record: ReleaseRecord): string {
  const first = record.metadata.creators[0];
  const name =
    first === undefined ? '' : asciiSlug(personName(first)?.family ?? first.name.split(/\s+/u)[0] ?? '');
  const year = publicationYear(record);
  const shortId = record.datasetId
    .replace(/[^0-9a-f]/giu, '')
    .slice(-4)
    .toLowerCase();
  return `${name === '' ? 'anon' : name}${year === null ? 'nd' : String(year)}-${shortId}v${record.versionNumber}`;
}

function sentence(text: string): string {
  return /[.?!]$/u.test(text) ? text : `${text}.`;
}

/**
 * The release cited in DataCite's recommended form, "Creator (PublicationYear): Title. Version.
 * Publisher. ResourceType. Identifier", e.g. `Carberry, Josiah; KASCADE Collaboration (2024): KASCADE-like
 * air-shower events. Version 2.0. APDC. Dataset. https://doi.org/10.5072/apdc.k7q2-x4mv`.
 */
export function toCitationText(record: ReleaseRecord): string {
  const creators = record.metadata.creators.map(invertedName).join('; ');
  const year = publicationYear(record);
  const lead = [creators, year === null ? '' : `(${String(year)})`].filter((part) => part !== '').join(' ');
  const title = record.metadata.title === null ? [] : [sentence(record.metadata.title)];
  const rest = [
    ...title,
    sentence(`Version ${versionLabel(record)}`),
    sentence(record.publisher.name),
    'Dataset.',
    releaseIri(record),
  ].join(' ');
  return lead === '' ? rest : `${lead}: ${rest}`;
}
