import { execFile } from 'node:child_process';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { XMLParser } from 'fast-xml-parser';
import {
  type ReleaseFile,
  type ReleaseRecord,
  doiUrl,
  ingestReleaseMetadata,
  spdxLicenseUrl,
  toCitationText,
  toProvJsonLd,
  toSchemaOrgDataset,
} from '@apdc/metadata';
import { KASCADE_LIKE_RECORD, MINIMAL_RECORD } from '../../../../test/fixtures/sample-release-records.js';
import { loadReleaseFixture } from '../../../../test/fixtures/releases/index.js';
import { expectValidXml } from '../../../../test/support/xml-validation.js';
import type { PremisEvent } from '../premis/index.js';
import { type ArchivalBagInput, archivalTagFiles, renderBagReadme, splitIntoBags } from './index.js';

const PACKAGE_ID = '0193c0de-8a4e-7c3b-9f10-5a1e2d3c4b5a';

const PACKING_EVENTS: readonly PremisEvent[] = [
  {
    id: '0193c0de-8a4e-7c3b-9f10-000000000001',
    type: 'creation',
    at: new Date('2024-03-02T10:00:00Z'),
    detail: 'BagIt bag packed from the files stored in the catalogue',
    outcome: 'success',
    outcomeDetail: null,
    agent: 'APDC 0.1.0',
    objects: [`urn:uuid:${PACKAGE_ID}`],
  },
  {
    id: '0193c0de-8a4e-7c3b-9f10-000000000002',
    type: 'message digest calculation',
    at: new Date('2024-03-02T10:00:00Z'),
    detail: 'SHA-512 and SHA-256 of every payload file',
    outcome: 'success',
    outcomeDetail: null,
    agent: 'APDC 0.1.0',
    objects: [`urn:uuid:${PACKAGE_ID}`],
  },
];

function releaseFile(path: string, sizeBytes: number, mediaType = 'text/csv'): ReleaseFile {
  return {
    path,
    sizeBytes,
    mediaType,
    sha256: 'e'.repeat(64),
    sha512: 'f'.repeat(128),
    url: `https://apdc.example.org/files/${encodeURIComponent(path)}`,
  };
}

function bagInput(record: ReleaseRecord, fields: Partial<ArchivalBagInput> = {}): ArchivalBagInput {
  return {
    packageId: PACKAGE_ID,
    createdAt: new Date('2024-03-02T10:00:00Z'),
    bagIndex: 1,
    bagCount: 1,
    record,
    canonicalJsonLd: { '@context': 'https://w3id.org/apdc/context/v1', name: record.metadata.title },
    files: record.files,
    events: PACKING_EVENTS,
    software: { name: 'APDC', version: '0.1.0' },
    ...fields,
  };
}

function tagFile(input: ArchivalBagInput, path: string): string {
  const found = archivalTagFiles(input).find((tag) => tag.path === path);
  if (found === undefined) throw new Error(`no ${path}`);
  return found.content;
}

/** The README with runs of blanks and line breaks made single spaces, to find wrapped prose in it. */
function flattened(text: string): string {
  return text.replace(/\s+/g, ' ');
}

function xmllintWellFormed(xml: string): Promise<boolean | 'missing'> {
  return new Promise((resolve) => {
    const child = execFile('xmllint', ['--noout', '-'], (error) => {
      if (error !== null && typeof error.code !== 'number') resolve('missing');
      else resolve(error === null);
    });
    child.stdin?.end(xml);
  });
}

describe(archivalTagFiles.name, () => {
  /** A real release (the KM3NeT event) read through the catalogue's own ingest, with two payload files. */
  let km3net: { record: ReleaseRecord; canonical: Record<string, unknown> };

  beforeAll(async () => {
    const ingested = await ingestReleaseMetadata(loadReleaseFixture('km3net-km3-230213a'));
    km3net = {
      canonical: ingested.canonical,
      record: {
        ...KASCADE_LIKE_RECORD,
        metadata: ingested.metadata,
        files: [
          releaseFile('KM3-230213A.xml', 5_321, 'application/xml'),
          releaseFile('README.md', 812, 'text/markdown'),
        ],
      },
    };
  });

  it('writes the six metadata files under metadata/', () => {
    expect(archivalTagFiles(bagInput(km3net.record)).map((tag) => tag.path)).toEqual([
      'metadata/datacite.xml',
      'metadata/release.jsonld',
      'metadata/schema-org.jsonld',
      'metadata/prov.jsonld',
      'metadata/premis.xml',
      'metadata/README.txt',
    ]);
  });

  it('writes DataCite XML that the official DataCite 4.7 schema accepts', async () => {
    await expectValidXml('datacite', tagFile(bagInput(km3net.record), 'metadata/datacite.xml'));
    await expectValidXml('datacite', tagFile(bagInput(KASCADE_LIKE_RECORD), 'metadata/datacite.xml'));
  });

  it('keeps the canonical JSON-LD as stored, and the crosswalks of the record, as indented JSON', () => {
    const input = bagInput(km3net.record, { canonicalJsonLd: km3net.canonical });

    const release = tagFile(input, 'metadata/release.jsonld');
    expect(JSON.parse(release)).toEqual(km3net.canonical);
    expect(release).toBe(`${JSON.stringify(km3net.canonical, null, 2)}\n`);
    expect(JSON.parse(tagFile(input, 'metadata/schema-org.jsonld'))).toEqual(
      toSchemaOrgDataset(km3net.record),
    );
    expect(JSON.parse(tagFile(input, 'metadata/prov.jsonld'))).toEqual(toProvJsonLd(km3net.record));
  });

  it('records this bag’s files and its packing events in premis.xml', async () => {
    const files = [releaseFile('b.csv', 10), releaseFile('c.csv', 10)];
    const premis = tagFile(bagInput(KASCADE_LIKE_RECORD, { files }), 'metadata/premis.xml');

    const wellFormed = await xmllintWellFormed(premis);
    if (wellFormed === 'missing' && process.env['CI'] === 'true') throw new Error('xmllint is not installed');
    if (wellFormed !== 'missing') expect(wellFormed).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: () => true }).parse(premis) as {
      'premis:premis': [Record<string, Record<string, unknown>[]>];
    };
    const root = parsed['premis:premis'][0];
    const objectIds = (root['premis:object'] ?? []).map((object) => {
      const id = (object['premis:objectIdentifier'] as Record<string, string[]>[]).at(-1);
      return id?.['premis:objectIdentifierValue']?.[0];
    });
    expect(objectIds).toEqual([PACKAGE_ID, 'data/b.csv', 'data/c.csv']);
    const eventTypes = (root['premis:event'] ?? []).map(
      (event) => (event['premis:eventType'] as Record<string, string>[])[0]?.['#text'],
    );
    expect(eventTypes).toEqual(['creation', 'message digest calculation']);
  });

  it('refuses a record DataCite cannot describe (no publication year)', () => {
    const record = {
      ...MINIMAL_RECORD,
      metadata: { ...MINIMAL_RECORD.metadata, publicationYear: null, datePublished: null },
    };

    expect(() => archivalTagFiles(bagInput(record))).toThrow('DataCite XML needs a publication year');
  });
});

describe(renderBagReadme.name, () => {
  it('says what the release is, from the record', () => {
    const record = KASCADE_LIKE_RECORD;
    const readme = renderBagReadme(bagInput(record));
    const text = flattened(readme);

    expect(readme.startsWith('ARCHIVED DATA RELEASE\n')).toBe(true);
    expect(text).toContain(`Title: ${record.metadata.title ?? ''}`);
    expect(text).toContain(
      `Version: ${record.metadata.versionLabel ?? ''} (version ${record.versionNumber} of dataset ${record.datasetId})`,
    );
    expect(text).toContain(`DOI: ${record.doi ?? ''} (${doiUrl(record.doi ?? '')})`);
    expect(text).toContain(`Landing page: ${record.landingPage}`);
    expect(text).toContain(`Publisher: ${record.publisher.name} (${record.publisher.url})`);
    expect(text).toContain(`Published: ${record.publishedAt ?? ''}`);
    expect(text).toContain(
      `Licence: ${record.metadata.license ?? ''} (${spdxLicenseUrl(record.metadata.license ?? '')})`,
    );
    expect(text).toContain(flattened(toCitationText(record)));
  });

  it('leaves out what a record does not have', () => {
    const record = { ...MINIMAL_RECORD, metadata: { ...MINIMAL_RECORD.metadata, license: null } };
    const readme = renderBagReadme(bagInput(record));

    expect(readme).not.toMatch(/^ {2}DOI:/m);
    expect(readme).not.toMatch(/^ {2}Published:/m);
    expect(flattened(readme)).toContain('Licence: not stated');
    expect(flattened(readme)).toContain(
      `Version: ${record.versionNumber} (version ${record.versionNumber} of`,
    );
  });

  it('explains every file of the bag and how to check it with standard tools', () => {
    const readme = renderBagReadme(bagInput(KASCADE_LIKE_RECORD));
    const text = flattened(readme);

    for (const tag of archivalTagFiles(bagInput(KASCADE_LIKE_RECORD)))
      expect(readme).toContain(`  ${tag.path}\n`);
    for (const name of [
      'bagit.txt',
      'bag-info.txt',
      'manifest-sha512.txt',
      'tagmanifest-sha512.txt',
      'data/',
    ]) {
      expect(readme).toContain(`  ${name}\n`);
    }
    expect(readme).toContain('\n    sha512sum -c manifest-sha512.txt\n');
    expect(readme).toContain('\n    sha512sum -c tagmanifest-sha512.txt\n');
    expect(text).toContain(
      'a line feed (LF) in a name is written %0A, a carriage return (CR) %0D and a percent sign %25',
    );
    expect(text).toContain('Payload-Oxum');
  });

  it('lists the files of this bag in path order with their sizes, names written as in the manifests', () => {
    const files = [releaseFile('odd\nname 100%.txt', 7, 'text/plain'), releaseFile('a.csv', 1_048_576)];
    const readme = renderBagReadme(bagInput(KASCADE_LIKE_RECORD, { files }));

    expect(readme).toContain('FILES OF THIS BAG (2 files, 1048583 bytes = 1 MiB)\n');
    expect(readme).toContain('\n  1048576 bytes  data/a.csv  (text/csv)\n');
    expect(readme).toContain('\n        7 bytes  data/odd%0Aname 100%25.txt  (text/plain)\n');
    expect(readme).not.toContain('odd\nname');
    expect(readme.endsWith('(text/plain)\n')).toBe(true);
  });

  it('places the bag in its group', () => {
    const files = [releaseFile('a.csv', 60), releaseFile('b.csv', 60), releaseFile('c.csv', 60)];
    const groups = splitIntoBags(files, 100);
    const record = { ...KASCADE_LIKE_RECORD, files };

    const readmes = groups.map((group, index) =>
      renderBagReadme(bagInput(record, { files: group, bagIndex: index + 1, bagCount: groups.length })),
    );

    expect(readmes).toHaveLength(3);
    readmes.forEach((readme, index) => {
      const text = flattened(readme);
      expect(text).toContain(`this is bag ${index + 1} of 3`);
      expect(text).toContain(`Bag-Group-Identifier urn:uuid:${PACKAGE_ID}`);
      expect(readme).toContain(`data/${groups[index]?.[0]?.path ?? ''}`);
      expect(readme).toContain('FILES OF THIS BAG (1 file, 60 bytes = 60 B)');
    });
    expect(flattened(renderBagReadme(bagInput(record)))).toContain('This bag holds the whole release.');
  });

  it('keeps its prose within 76 columns', () => {
    const readme = renderBagReadme(bagInput(KASCADE_LIKE_RECORD));
    const prose = readme
      .split('\n')
      .filter((line) => !/^ {2}\S+:|bytes {2}data\//.test(line) && !line.includes('://'));

    for (const line of prose) expect(line.length).toBeLessThanOrEqual(76);
  });
});
