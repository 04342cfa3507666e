import type { ReleaseRecord } from '../release-record.js';
import { toDataCiteAttributes, type DataCiteRelatedIdentifier } from './datacite-json.js';
import { XmlWriter } from './xml-text.js';

export const OAI_DC_NAMESPACE = 'http://www.openarchives.org/OAI/2.0/oai_dc/';
export const DC_NAMESPACE = 'http://purl.org/dc/elements/1.1/';
export const OAI_DC_SCHEMA_LOCATION = `${OAI_DC_NAMESPACE} http://www.openarchives.org/OAI/2.0/oai_dc.xsd`;
const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';

/** The fifteen Dublin Core elements, in the order oai_dc records conventionally list them. */
export const DC_ELEMENTS = [
  'title',
  'creator',
  'subject',
  'description',
  'publisher',
  'contributor',
  'date',
  'type',
  'format',
  'identifier',
  'source',
  'language',
  'relation',
  'coverage',
  'rights',
] as const;
export type DcElement = (typeof DC_ELEMENTS)[number];

/** A related identifier as a resolvable URI, which is what a Dublin Core consumer can follow. */
export function relatedIdentifierUri(
  related: Pick<DataCiteRelatedIdentifier, 'relatedIdentifier' | 'relatedIdentifierType'>,
): string {
  const id = related.relatedIdentifier;
  switch (related.relatedIdentifierType) {
    case 'DOI':
      return `https://doi.org/${id}`;
    case 'arXiv':
      return `https://arxiv.org/abs/${id.replace(/^arXiv:/i, '')}`;
    case 'URL':
      return id;
  }
}

/**
 * The `<oai_dc:dc>` element of a release, for OAI-PMH `metadataPrefix=oai_dc` (no XML declaration: it is
 * embedded in a `<metadata>` element). It applies DataCite's DataCite→Dublin Core mapping to the
 * release's DataCite attributes, so it says what the DataCite record says:
 * title; creator ("Family, Given" for persons); subject (keywords, messenger and facility slugs);
 * description (abstract, variables, provenance); publisher; date (issued, else the publication year;
 * updated); type `Dataset`; format (media types, then total size and file count); identifier (the DOI as
 * https://doi.org/… and the landing page); language; relation (related works, concept DOI, previous
 * version, as URIs); coverage (temporal range as ISO 8601 start/end, then the spatial coverage); rights
 * (licence name, then its SPDX URL).
 */
export function toOaiDc(record: ReleaseRecord): string {
  const a = toDataCiteAttributes(record);
  const values: Record<DcElement, { text: string; lang?: string }[]> = {
    title: a.titles.map((t) => ({ text: t.title, lang: t.lang })),
    creator: a.creators.map((c) => ({ text: c.name })),
    subject: a.subjects.map((s) => ({ text: s.subject, lang: s.lang })),
    description: a.descriptions.map((d) => ({ text: d.description, lang: d.lang })),
    publisher: [{ text: a.publisher.name }],
    contributor: [],
    date: [],
    type: [{ text: a.types.resourceTypeGeneral }],
    format: [...a.formats, ...a.sizes].map((text) => ({ text })),
    identifier: [...(a.doi === undefined ? [] : [`https://doi.org/${a.doi}`]), a.url].map((text) => ({
      text,
    })),
    source: [],
    language: [{ text: a.language }],
    relation: a.relatedIdentifiers.map((r) => ({ text: relatedIdentifierUri(r) })),
    coverage: [],
    rights: a.rightsList.flatMap((r) => [{ text: r.rights, lang: r.lang }, { text: r.rightsUri }]),
  };
  const issued = a.dates.find((d) => d.dateType === 'Issued')?.date;
  const issuedOrYear = issued ?? (a.publicationYear === undefined ? undefined : String(a.publicationYear));
  if (issuedOrYear !== undefined) values.date.push({ text: issuedOrYear });
  for (const d of a.dates) if (d.dateType === 'Updated') values.date.push({ text: d.date });
  for (const d of a.dates) if (d.dateType === 'Collected') values.coverage.push({ text: d.date });
  for (const g of a.geoLocations) values.coverage.push({ text: g.geoLocationPlace });

  const xml = new XmlWriter();
  xml.start('oai_dc:dc', {
    'xmlns:oai_dc': OAI_DC_NAMESPACE,
    'xmlns:dc': DC_NAMESPACE,
    'xmlns:xsi': XSI_NAMESPACE,
    'xsi:schemaLocation': OAI_DC_SCHEMA_LOCATION,
  });
  for (const element of DC_ELEMENTS)
    for (const value of values[element]) xml.leaf(`dc:${element}`, { 'xml:lang': value.lang }, value.text);
  xml.end();
  return xml.toString();
}
