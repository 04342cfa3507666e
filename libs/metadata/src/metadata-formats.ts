import { toBibtex } from './crosswalks/bibtex.js';
import { toCslJson } from './crosswalks/csl-json.js';
import { toDataCiteJson } from './crosswalks/datacite-json.js';
import { toDataCiteXml } from './crosswalks/datacite-xml.js';
import { toDcatApJsonLd, toDcatApTurtle } from './crosswalks/dcat.js';
import { toOaiDc } from './crosswalks/oai-dc.js';
import { toProvJsonLd } from './crosswalks/prov.js';
import { toRis } from './crosswalks/ris.js';
import { toSchemaOrgDataset } from './crosswalks/schema-org.js';
import { type MediaRange, parseAcceptHeader } from './accept-header.js';
import type { ReleaseRecord } from './release-record.js';

/** What a version's metadata is rendered from: the crosswalk input and the stored canonical document. */
export interface RenderInput {
  readonly record: ReleaseRecord;
  readonly canonical: Record<string, unknown>;
}

/** One dialect the metadata endpoint offers. */
export interface MetadataFormat {
  /** Name for `?format=`. */
  readonly key: string;
  readonly mediaType: string;
  /** JSON-LD profile URI that tells this format apart from other `application/ld+json` ones. */
  readonly profile?: string;
  readonly description: string;
  render(input: RenderInput): Promise<string>;
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** The dialects, in order of preference when a client accepts several equally. */
export const METADATA_FORMATS: readonly MetadataFormat[] = [
  {
    key: 'jsonld',
    mediaType: 'application/ld+json',
    description: 'the stored description, compacted with the APDC context',
    render: ({ canonical }) => Promise.resolve(json(canonical)),
  },
  {
    key: 'schema.org',
    mediaType: 'application/ld+json',
    profile: 'https://schema.org/',
    description: 'schema.org Dataset (what Google Dataset Search reads)',
    render: ({ record }) => Promise.resolve(json(toSchemaOrgDataset(record))),
  },
  {
    key: 'dcat',
    mediaType: 'application/ld+json',
    profile: 'http://www.w3.org/ns/dcat#',
    description: 'DCAT-AP 3 dataset in JSON-LD',
    render: ({ record }) => Promise.resolve(json(toDcatApJsonLd(record))),
  },
  {
    key: 'dcat-turtle',
    mediaType: 'text/turtle',
    description: 'DCAT-AP 3 dataset in Turtle',
    render: ({ record }) => toDcatApTurtle(record),
  },
  {
    key: 'prov',
    mediaType: 'application/ld+json',
    profile: 'http://www.w3.org/ns/prov#',
    description: 'PROV-O provenance of the version',
    render: ({ record }) => Promise.resolve(json(toProvJsonLd(record))),
  },
  {
    key: 'datacite-xml',
    mediaType: 'application/vnd.datacite.datacite+xml',
    description: 'DataCite Metadata Schema 4.7 XML',
    render: ({ record }) => Promise.resolve(`${toDataCiteXml(record)}\n`),
  },
  {
    key: 'datacite-json',
    mediaType: 'application/vnd.datacite.datacite+json',
    description: 'DataCite REST API JSON',
    render: ({ record }) => Promise.resolve(json(toDataCiteJson(record))),
  },
  {
    key: 'oai_dc',
    mediaType: 'application/xml',
    profile: 'http://www.openarchives.org/OAI/2.0/oai_dc/',
    description: 'Dublin Core as OAI-PMH carries it',
    render: ({ record }) => Promise.resolve(`${XML_DECLARATION}${toOaiDc(record)}\n`),
  },
  {
    key: 'csl-json',
    mediaType: 'application/vnd.citationstyles.csl+json',
    description: 'CSL-JSON citation item',
    render: ({ record }) => Promise.resolve(json(toCslJson(record))),
  },
  {
    key: 'bibtex',
    mediaType: 'application/x-bibtex',
    description: 'BibTeX entry',
    render: ({ record }) => Promise.resolve(toBibtex(record)),
  },
  {
    key: 'ris',
    mediaType: 'application/x-research-info-systems',
    description: 'RIS citation',
    render: ({ record }) => Promise.resolve(toRis(record)),
  },
];

const NO_MATCH = -1;

/** How specifically `range` names `format`, or {@link NO_MATCH}; more specific ranges win. */
function matches(range: MediaRange, format: MetadataFormat): number {
  const profile = range.parameters.get('profile');
  if (range.type === 'application' && range.subtype === 'json' && profile === undefined) {
    // Plain JSON clients get the stored JSON-LD, which is JSON.
    return format.mediaType === 'application/ld+json' && format.profile === undefined ? 1 : NO_MATCH;
  }
  const [type, subtype] = format.mediaType.split('/');
  if (range.type !== '*' && range.type !== type) return NO_MATCH;
  if (range.subtype !== '*' && range.subtype !== subtype) return NO_MATCH;
  if (profile !== undefined && profile !== format.profile) return NO_MATCH;
  return (range.type === '*' ? 0 : 2) + (range.subtype === '*' ? 0 : 2) + (profile === undefined ? 0 : 1);
}

/**
 * Picks the format for a request: `?format=` wins; otherwise the Accept header with q-values and JSON-LD
 * profiles; no header means the stored JSON-LD. `undefined` means nothing acceptable is offered (406).
 */
export function negotiateMetadataFormat(
  accept: string | undefined,
  formatKey: string | undefined,
): MetadataFormat | undefined {
  if (formatKey !== undefined) return METADATA_FORMATS.find((format) => format.key === formatKey);
  if (accept === undefined || accept.trim() === '') return METADATA_FORMATS[0];
  let best: { format: MetadataFormat; quality: number; specificity: number; order: number } | undefined;
  for (const range of parseAcceptHeader(accept).filter((candidate) => candidate.quality > 0)) {
    for (const format of METADATA_FORMATS) {
      const specificity = matches(range, format);
      if (specificity === NO_MATCH) continue;
      const better =
        best === undefined ||
        range.quality > best.quality ||
        (range.quality === best.quality && specificity > best.specificity) ||
        (range.quality === best.quality && specificity === best.specificity && range.order < best.order);
      if (better) best = { format, quality: range.quality, specificity, order: range.order };
    }
  }
  return best?.format;
}
