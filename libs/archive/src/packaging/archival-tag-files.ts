import { toDataCiteXml, toProvJsonLd, toSchemaOrgDataset } from '@apdc/metadata';
import { renderPremisXml } from '../premis/index.js';
import type { ArchivalBagInput } from './archival-bag-input.js';
import { renderBagReadme } from './bag-readme.js';

export interface ArchivalTagFile {
  /** Relative to the bag root, e.g. `metadata/datacite.xml`. */
  readonly path: string;
  readonly content: string;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * The tag files of an archival bag, under `metadata/`: datacite.xml, release.jsonld (the canonical JSON-LD),
 * schema-org.jsonld, prov.jsonld, premis.xml (this bag's files and `events`) and README.txt.
 *
 * @throws DataCiteIncompleteError (from `@apdc/metadata`) when the record has no publication year.
 */
export function archivalTagFiles(input: ArchivalBagInput): ArchivalTagFile[] {
  const { record } = input;
  return [
    { path: 'metadata/datacite.xml', content: toDataCiteXml(record) },
    { path: 'metadata/release.jsonld', content: json(input.canonicalJsonLd) },
    { path: 'metadata/schema-org.jsonld', content: json(toSchemaOrgDataset(record)) },
    { path: 'metadata/prov.jsonld', content: json(toProvJsonLd(record)) },
    {
      path: 'metadata/premis.xml',
      content: renderPremisXml({
        packageId: input.packageId,
        doi: record.doi,
        title: record.metadata.title ?? 'Untitled release',
        files: input.files,
        events: input.events,
        softwareAgent: input.software,
        organisation: { name: record.publisher.name, ror: record.publisher.ror },
      }),
    },
    { path: 'metadata/README.txt', content: renderBagReadme(input) },
  ];
}
