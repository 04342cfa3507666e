import {
  DATACITE_SCHEMA_VERSION,
  type DataCiteAffiliation,
  type DataCiteAttributes,
  type DataCiteCreator,
  type DataCiteDate,
  type DataCiteDescription,
  type DataCiteNameIdentifier,
  type DataCiteRelatedIdentifier,
  type DataCiteRights,
  type DataCiteSubject,
} from './datacite-json.js';
import { readDataCiteAttributes, type DataCiteReading } from './datacite-json-reader.js';
import { DATACITE_NAMESPACE, DATACITE_UNKNOWN } from './datacite-xml.js';
import { childElement, childElements, parseXml, type XmlElement } from './xml-text.js';

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], what: string): T {
  if (value !== undefined && (allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`DataCite XML: unexpected ${what} ${JSON.stringify(value)}`);
}

/** `{ key: value }` when the attribute is present, `{}` otherwise, for spreading into optional fields. */
function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** The items of a wrapper element (`<subjects><subject/>...</subjects>`); none when it is absent. */
function items(resource: XmlElement, wrapper: string, item: string): XmlElement[] {
  const list = childElement(resource, wrapper);
  return list === undefined ? [] : childElements(list, item);
}

function readCreator(element: XmlElement): DataCiteCreator | undefined {
  const nameElement = childElement(element, 'creatorName');
  const name = nameElement?.text ?? '';
  if (name === DATACITE_UNKNOWN.unavailable) return undefined;
  const nameIdentifiers = childElements(element, 'nameIdentifier').map((id): DataCiteNameIdentifier => ({
    nameIdentifier: id.text,
    nameIdentifierScheme: oneOf(
      id.attributes['nameIdentifierScheme'],
      ['ORCID', 'ROR'],
      'nameIdentifierScheme',
    ),
    schemeUri: id.attributes['schemeURI'] ?? '',
  }));
  const affiliation = childElements(element, 'affiliation').map((a): DataCiteAffiliation => ({
    name: a.text,
    ...optional('affiliationIdentifier', a.attributes['affiliationIdentifier']),
    ...(a.attributes['affiliationIdentifierScheme'] === 'ROR' ? { affiliationIdentifierScheme: 'ROR' } : {}),
    ...optional('schemeUri', a.attributes['schemeURI']),
  }));
  return {
    name,
    nameType: oneOf(nameElement?.attributes['nameType'], ['Personal', 'Organizational'], 'nameType'),
    ...optional('givenName', childElement(element, 'givenName')?.text),
    ...optional('familyName', childElement(element, 'familyName')?.text),
    nameIdentifiers,
    affiliation,
  };
}

/**
 * Parses a DataCite 4.x `<resource>` (as {@link toDataCiteXml} writes it) into DataCite attributes,
 * turning DataCite's standard unknown values back into absent properties.
 */
export function parseDataCiteXml(xml: string): DataCiteAttributes {
  const resource = parseXml(xml);
  if (resource.localName !== 'resource' || resource.namespace !== DATACITE_NAMESPACE)
    throw new Error(
      `Not a DataCite kernel-4 resource: <${resource.localName}> in ${String(resource.namespace)}`,
    );
  const text = (name: string) => childElement(resource, name)?.text;

  const identifier = text('identifier');
  const titles = items(resource, 'titles', 'title')
    .filter((t) => t.text !== DATACITE_UNKNOWN.unassigned)
    .map((t) => ({ title: t.text, ...optional('lang', t.attributes['xml:lang']) }));
  const publisherElement = childElement(resource, 'publisher');
  const year = text('publicationYear');
  const resourceType = childElement(resource, 'resourceType');
  const subjects = items(resource, 'subjects', 'subject').map((s): DataCiteSubject => ({
    subject: s.text,
    ...optional('subjectScheme', s.attributes['subjectScheme']),
    ...optional('schemeUri', s.attributes['schemeURI']),
    ...optional('valueUri', s.attributes['valueURI']),
    ...optional('lang', s.attributes['xml:lang']),
  }));
  const dates = items(resource, 'dates', 'date').map((d): DataCiteDate => ({
    date: d.text,
    dateType: oneOf(d.attributes['dateType'], ['Issued', 'Updated', 'Collected'], 'dateType'),
  }));
  const identifiers = items(resource, 'alternateIdentifiers', 'alternateIdentifier').map((a) => ({
    identifier: a.text,
    identifierType: a.attributes['alternateIdentifierType'] ?? '',
  }));
  const relatedIdentifiers = items(resource, 'relatedIdentifiers', 'relatedIdentifier').map(
    (r): DataCiteRelatedIdentifier => ({
      relatedIdentifier: r.text,
      relatedIdentifierType: oneOf(
        r.attributes['relatedIdentifierType'],
        ['DOI', 'URL', 'arXiv'],
        'relatedIdentifierType',
      ),
      relationType: r.attributes['relationType'] ?? '',
      ...optional('relationTypeInformation', r.attributes['relationTypeInformation']),
      ...(r.attributes['resourceTypeGeneral'] === 'Dataset' ? { resourceTypeGeneral: 'Dataset' } : {}),
    }),
  );
  const rightsList = items(resource, 'rightsList', 'rights').map((r): DataCiteRights => ({
    rights: r.text,
    rightsUri: r.attributes['rightsURI'] ?? '',
    rightsIdentifier: r.attributes['rightsIdentifier'] ?? '',
    rightsIdentifierScheme: oneOf(r.attributes['rightsIdentifierScheme'], ['SPDX'], 'rightsIdentifierScheme'),
    schemeUri: r.attributes['schemeURI'] ?? '',
    ...optional('lang', r.attributes['xml:lang']),
  }));
  const descriptions = items(resource, 'descriptions', 'description').map((d): DataCiteDescription => ({
    description: d.text,
    descriptionType: oneOf(
      d.attributes['descriptionType'],
      ['Abstract', 'Methods', 'TechnicalInfo'],
      'descriptionType',
    ),
    ...optional('lang', d.attributes['xml:lang']),
  }));
  const geoLocations = items(resource, 'geoLocations', 'geoLocation').flatMap((g) =>
    childElements(g, 'geoLocationPlace').map((place) => ({ geoLocationPlace: place.text })),
  );

  return {
    ...(identifier === undefined || identifier === DATACITE_UNKNOWN.toBeAssigned ? {} : { doi: identifier }),
    identifiers,
    creators: items(resource, 'creators', 'creator').flatMap((c) => readCreator(c) ?? []),
    titles,
    publisher: {
      name: publisherElement?.text ?? '',
      ...optional('publisherIdentifier', publisherElement?.attributes['publisherIdentifier']),
      ...(publisherElement?.attributes['publisherIdentifierScheme'] === 'ROR'
        ? { publisherIdentifierScheme: 'ROR' }
        : {}),
      ...optional('schemeUri', publisherElement?.attributes['schemeURI']),
    },
    ...(year === undefined ? {} : { publicationYear: Number(year) }),
    types: {
      resourceTypeGeneral: oneOf(
        resourceType?.attributes['resourceTypeGeneral'],
        ['Dataset'],
        'resourceTypeGeneral',
      ),
      ...(resourceType === undefined || resourceType.text === '' ? {} : { resourceType: resourceType.text }),
    },
    subjects,
    dates,
    language: text('language') ?? '',
    relatedIdentifiers,
    sizes: items(resource, 'sizes', 'size').map((s) => s.text),
    formats: items(resource, 'formats', 'format').map((f) => f.text),
    version: text('version') ?? '',
    rightsList,
    descriptions,
    geoLocations,
    url: identifiers.find((id) => id.identifierType === 'URL')?.identifier ?? '',
    schemaVersion: DATACITE_SCHEMA_VERSION,
  };
}

/**
 * Reads DataCite XML written by {@link toDataCiteXml} back into the release fields DataCite carries, for
 * round-trip tests and for checking what a harvester of our `oai_datacite` records sees.
 */
export function readDataCiteXml(xml: string): DataCiteReading {
  return readDataCiteAttributes(parseDataCiteXml(xml));
}
