import { doiUrl, spdxLicenseUrl, toCitationText } from '@apdc/metadata';
import { formatByteSize } from '../policy/index.js';
import { type ArchivalBagInput, checkBagPosition } from './archival-bag-input.js';
import { versionLabelOf } from './archival-bag-info.js';
import { compareBagPaths } from './split-into-bags.js';

/** Names as the manifests write them (RFC 8493 §2.1.3), so that each stays on one line here too. */
function manifestName(path: string): string {
  return path.replace(/[%\r\n]/g, (c) => (c === '%' ? '%25' : c === '\r' ? '%0D' : '%0A'));
}

function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

function field(label: string, value: string): string {
  return `  ${`${label}:`.padEnd(14)}${oneLine(value)}`;
}

const METADATA_FILES: ReadonlyArray<readonly [string, string]> = [
  ['metadata/README.txt', 'this file.'],
  [
    'metadata/datacite.xml',
    'the release described in the DataCite Metadata Schema 4 (XML, https://schema.datacite.org/): the record registered with the DOI.',
  ],
  [
    'metadata/release.jsonld',
    "the curators' own description of the release, in JSON-LD (https://www.w3.org/TR/json-ld11/) with schema.org terms and the APDC context https://w3id.org/apdc/context/v1, exactly as the catalogue stores it. The most complete metadata.",
  ],
  ['metadata/schema-org.jsonld', 'the release as a schema.org Dataset in JSON-LD, as on its landing page.'],
  [
    'metadata/prov.jsonld',
    'provenance in W3C PROV-O (JSON-LD): what the release was derived from and which software produced it.',
  ],
  [
    'metadata/premis.xml',
    'preservation metadata in PREMIS 3.0 (XML, https://www.loc.gov/standards/premis/): the files of this bag with their checksums, sizes and formats, what was done to them (events) and by which software.',
  ],
];

const BAG_FILES: ReadonlyArray<readonly [string, string]> = [
  ['bagit.txt', 'declares the BagIt version and the text encoding (UTF-8).'],
  [
    'bag-info.txt',
    'who made the bag, when, for which release (External-Identifier), its place in the group (Bag-Group-Identifier, Bag-Count) and the size of the payload (Payload-Oxum: bytes.files).',
  ],
  [
    'manifest-sha512.txt',
    'the SHA-512 checksum of every file under data/ (manifest-sha256.txt, where present: SHA-256).',
  ],
  [
    'tagmanifest-sha512.txt',
    'the checksums of the files outside data/: bag-info.txt, the manifests, metadata/.',
  ],
  ['data/', "the release's files, under the names the release gives them."],
];

/** Wraps prose at 76 columns, indenting every line by `indent` spaces. */
function wrap(text: string, indent = 2): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of oneLine(text).split(' ')) {
    if (line !== '' && indent + line.length + 1 + word.length > 76) {
      lines.push(' '.repeat(indent) + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(' '.repeat(indent) + line);
  return lines;
}

function listing(entries: ReadonlyArray<readonly [string, string]>): string[] {
  return entries.flatMap(([name, what]) => [`  ${name}`, ...wrap(what, 6)]);
}

/**
 * metadata/README.txt: plain UTF-8 text for a reader decades from now with nothing but standard tools:
 * what the bag holds and how to cite it, its place in the bag group, what each file is, how to check the
 * bag with sha512sum, and the files of this bag with their sizes.
 */
export function renderBagReadme(input: ArchivalBagInput): string {
  checkBagPosition(input);
  const { record } = input;
  const title = record.metadata.title ?? 'Untitled release';
  const totalBytes = input.files.reduce((sum, file) => sum + file.sizeBytes, 0);
  const width = String(Math.max(0, ...input.files.map((file) => file.sizeBytes))).length;
  const licence = record.metadata.license;

  const lines: string[] = [
    'ARCHIVED DATA RELEASE',
    '=====================',
    '',
    ...wrap(
      `This directory is a BagIt bag (RFC 8493, https://www.rfc-editor.org/rfc/rfc8493): a data release as it was published, with checksums of every file, so that anyone can check that nothing has changed. ${record.publisher.name} made it for long-term preservation.`,
      0,
    ),
    '',
    'WHAT THIS IS',
    '',
    field('Title', title),
    field(
      'Version',
      `${versionLabelOf(record)} (version ${record.versionNumber} of dataset ${record.datasetId})`,
    ),
    ...(record.doi === null ? [] : [field('DOI', `${record.doi} (${doiUrl(record.doi)})`)]),
    field('Landing page', record.landingPage),
    field('Publisher', `${record.publisher.name} (${record.publisher.url})`),
    ...(record.publishedAt === null ? [] : [field('Published', record.publishedAt)]),
    field('Licence', licence === null ? 'not stated' : `${licence} (${spdxLicenseUrl(licence)})`),
    '',
    'HOW TO CITE',
    '',
    ...wrap(toCitationText(record)),
    '',
    'THIS BAG',
    '',
    ...wrap(
      input.bagCount === 1
        ? `This bag holds the whole release. Its package identifier is urn:uuid:${input.packageId} (Bag-Group-Identifier in bag-info.txt).`
        : `The release is too large for one bag: it is kept as a group of ${input.bagCount} bags, and this is bag ${input.bagIndex} of ${input.bagCount}. All bags of the group carry Bag-Group-Identifier urn:uuid:${input.packageId} in bag-info.txt, and Bag-Count tells each one's place. Every bag holds a share of the files under data/ and can be checked on its own; the metadata files describe the whole release, except this file list and premis.xml, which describe this bag.`,
    ),
    '',
    'FILES IN THIS DIRECTORY',
    '',
    ...listing(BAG_FILES),
    ...listing(METADATA_FILES),
    '',
    'HOW TO CHECK THIS BAG',
    '',
    ...wrap(
      'The bag may have reached you as one tar file; unpack it with "tar -xf <name>.tar" and go into the directory it creates, the one holding bagit.txt. Then, with GNU coreutils:',
    ),
    '',
    '    sha512sum -c manifest-sha512.txt',
    '    sha512sum -c tagmanifest-sha512.txt',
    '',
    ...wrap(
      'Every line must end in "OK". (On macOS or BSD: shasum -a 512 -c manifest-sha512.txt.) manifest-sha256.txt, where present, is checked the same way with sha256sum.',
    ),
    '',
    ...wrap(
      'Then check that no file is missing or extra: the names in manifest-sha512.txt must be exactly the files under data/, and Payload-Oxum in bag-info.txt is the number of bytes and of files under data/, "bytes.files"; compare it with',
    ),
    '',
    '    find data -type f | wc -l',
    '    find data -type f -exec cat {} + | wc -c',
    '',
    ...wrap(
      'File names in the manifests: as RFC 8493 requires, a line feed (LF) in a name is written %0A, a carriage return (CR) %0D and a percent sign %25; every other character is written as it is. sha512sum cannot find a file whose manifest name contains %0A, %0D or %25, and reports it missing: check such a file by hand, running sha512sum on it under its real name and comparing the result with the checksum on its manifest line. The list below writes names the same way. Any BagIt validator does all of this, e.g. "bagit.py --validate <directory>" (https://github.com/LibraryOfCongress/bagit-python).',
    ),
    '',
    `FILES OF THIS BAG (${input.files.length} ${input.files.length === 1 ? 'file' : 'files'}, ${totalBytes} bytes = ${formatByteSize(totalBytes)})`,
    '',
    ...[...input.files]
      .sort((a, b) => compareBagPaths(a.path, b.path))
      .map(
        (file) =>
          `  ${String(file.sizeBytes).padStart(width)} bytes  data/${manifestName(file.path)}  (${file.mediaType})`,
      ),
  ];
  return `${lines.join('\n')}\n`;
}
