import { DomainError } from '@apdc/platform';
import type { ReleaseRecord } from '../release-record.js';
import { toDataCiteAttributes, type DataCiteAttributes, type DataCiteCreator } from './datacite-json.js';
import { XmlWriter } from './xml-text.js';

export const DATACITE_NAMESPACE = 'http://datacite.org/schema/kernel-4';
export const DATACITE_SCHEMA_LOCATION = `${DATACITE_NAMESPACE} http://schema.datacite.org/meta/kernel-4.7/metadata.xsd`;
const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';

/**
 * DataCite's standard values for unknown information (Metadata Schema, appendix "Standard values for
 * unknown information"), used where the XML schema makes a property mandatory but the release has no
 * value yet. Only drafts hit these; a published release has a DOI (once registered), a title and creators.
 */
export const DATACITE_UNKNOWN = {
  /** To be assigned or announced later: the DOI of a release not registered yet. */
  toBeAssigned: '(:tba)',
  /** Value unassigned, e.g. untitled. */
  unassigned: '(:unas)',
  /** Value unavailable, possibly unknown. */
  unavailable: '(:unav)',
} as const;

/** The release lacks a property DataCite XML requires and no placeholder can stand for (the year). */
export class DataCiteIncompleteError extends DomainError {
  readonly kind = 'unprocessable';
  readonly code = 'metadata.datacite-incomplete';
}

export interface DataCiteXmlOptions {
  /** Start with `<?xml ...?>`; turn off to embed the `<resource>` in another document (OAI-PMH). */
  readonly xmlDeclaration?: boolean;
}

function writeCreator(xml: XmlWriter, creator: DataCiteCreator): void {
  xml.start('creator');
  xml.leaf('creatorName', { nameType: creator.nameType }, creator.name);
  if (creator.givenName !== undefined) xml.leaf('givenName', {}, creator.givenName);
  if (creator.familyName !== undefined) xml.leaf('familyName', {}, creator.familyName);
  for (const id of creator.nameIdentifiers)
    xml.leaf(
      'nameIdentifier',
      { nameIdentifierScheme: id.nameIdentifierScheme, schemeURI: id.schemeUri },
      id.nameIdentifier,
    );
  for (const a of creator.affiliation)
    xml.leaf(
      'affiliation',
      {
        affiliationIdentifier: a.affiliationIdentifier,
        affiliationIdentifierScheme: a.affiliationIdentifierScheme,
        schemeURI: a.schemeUri,
      },
      a.name,
    );
  xml.end();
}

/**
 * Serialises DataCite attributes (see {@link toDataCiteAttributes}) as a DataCite Metadata Schema 4.7
 * `<resource>`, elements in the order of the schema's documentation. Mandatory properties the attributes
 * lack get DataCite's standard unknown values ({@link DATACITE_UNKNOWN}): a release without a DOI has
 * `<identifier identifierType="DOI">(:tba)</identifier>` (an empty identifier fails the schema, which
 * has not checked DOI syntax since 4.2), and its landing page is always an alternateIdentifier of type
 * URL, so the record stays resolvable.
 *
 * @throws DataCiteIncompleteError when there is no publication year: the schema requires four digits.
 */
export function renderDataCiteXml(attributes: DataCiteAttributes, options: DataCiteXmlOptions = {}): string {
  const year = attributes.publicationYear;
  if (year === undefined)
    throw new DataCiteIncompleteError(
      'DataCite XML needs a publication year: the release has no publicationYear, datePublished or publication date',
      [{ path: '/publicationYear', message: 'required by DataCite' }],
    );
  const xml = new XmlWriter();
  if (options.xmlDeclaration ?? true) xml.raw('<?xml version="1.0" encoding="UTF-8"?>');
  xml.start('resource', {
    xmlns: DATACITE_NAMESPACE,
    'xmlns:xsi': XSI_NAMESPACE,
    'xsi:schemaLocation': DATACITE_SCHEMA_LOCATION,
  });
  xml.leaf('identifier', { identifierType: 'DOI' }, attributes.doi ?? DATACITE_UNKNOWN.toBeAssigned);

  const creators: readonly DataCiteCreator[] =
    attributes.creators.length > 0
      ? attributes.creators
      : [
          {
            name: DATACITE_UNKNOWN.unavailable,
            nameType: 'Organizational',
            nameIdentifiers: [],
            affiliation: [],
          },
        ];
  xml.list('creators', creators, (creator) => writeCreator(xml, creator));

  const titles = attributes.titles.length > 0 ? attributes.titles : [{ title: DATACITE_UNKNOWN.unassigned }];
  xml.list('titles', titles, (t) => xml.leaf('title', { 'xml:lang': t.lang }, t.title));

  const publisher = attributes.publisher;
  xml.leaf(
    'publisher',
    {
      publisherIdentifier: publisher.publisherIdentifier,
      publisherIdentifierScheme: publisher.publisherIdentifierScheme,
      schemeURI: publisher.schemeUri,
    },
    publisher.name,
  );
  xml.leaf('publicationYear', {}, String(year).padStart(4, '0'));
  xml.leaf(
    'resourceType',
    { resourceTypeGeneral: attributes.types.resourceTypeGeneral },
    attributes.types.resourceType ?? '',
  );
  xml.list('subjects', attributes.subjects, (s) =>
    xml.leaf(
      'subject',
      { subjectScheme: s.subjectScheme, schemeURI: s.schemeUri, valueURI: s.valueUri, 'xml:lang': s.lang },
      s.subject,
    ),
  );
  xml.list('dates', attributes.dates, (d) => xml.leaf('date', { dateType: d.dateType }, d.date));
  xml.leaf('language', {}, attributes.language);
  xml.list('alternateIdentifiers', attributes.identifiers, (id) =>
    xml.leaf('alternateIdentifier', { alternateIdentifierType: id.identifierType }, id.identifier),
  );
  xml.list('relatedIdentifiers', attributes.relatedIdentifiers, (r) =>
    xml.leaf(
      'relatedIdentifier',
      {
        relatedIdentifierType: r.relatedIdentifierType,
        relationType: r.relationType,
        relationTypeInformation: r.relationTypeInformation,
        resourceTypeGeneral: r.resourceTypeGeneral,
      },
      r.relatedIdentifier,
    ),
  );
  xml.list('sizes', attributes.sizes, (size) => xml.leaf('size', {}, size));
  xml.list('formats', attributes.formats, (format) => xml.leaf('format', {}, format));
  xml.leaf('version', {}, attributes.version);
  xml.list('rightsList', attributes.rightsList, (r) =>
    xml.leaf(
      'rights',
      {
        'xml:lang': r.lang,
        rightsURI: r.rightsUri,
        rightsIdentifier: r.rightsIdentifier,
        rightsIdentifierScheme: r.rightsIdentifierScheme,
        schemeURI: r.schemeUri,
      },
      r.rights,
    ),
  );
  xml.list('descriptions', attributes.descriptions, (d) =>
    xml.leaf('description', { 'xml:lang': d.lang, descriptionType: d.descriptionType }, d.description),
  );
  xml.list('geoLocations', attributes.geoLocations, (g) => {
    xml.start('geoLocation');
    xml.leaf('geoLocationPlace', {}, g.geoLocationPlace);
    xml.end();
  });
  xml.end();
  return xml.toString();
}

/**
 * DataCite Metadata Schema 4.7 XML for a release: the document DataCite's MDS API registers and OAI-PMH
 * serves as `oai_datacite`. Persons are "Family, Given" with ORCID iDs (as https://orcid.org/ URLs),
 * affiliations and the publisher carry ROR ids, messengers and facilities are subjects of the APDC
 * concept schemes, the temporal coverage is a `Collected` RKMS-ISO8601 range, the licence is SPDX, the
 * concept DOI is `IsVersionOf` and the previous version `IsNewVersionOf`. See {@link renderDataCiteXml}
 * for how missing mandatory values (a draft's DOI) are written.
 *
 * @throws DataCiteIncompleteError when no publication year can be found.
 */
export function toDataCiteXml(record: ReleaseRecord, options: DataCiteXmlOptions = {}): string {
  return renderDataCiteXml(toDataCiteAttributes(record), options);
}
