import {
  type ArchivalBagInput,
  APDC_BAGIT_PROFILE_ID,
  APDC_HOME,
  checkBagPosition,
} from './archival-bag-input.js';

/** RFC 8493 recommends at most a short paragraph; longer titles are cut. */
const MAX_DESCRIPTION_LENGTH = 1000;

/** One line without surrounding blanks: bag-info values must read back unchanged with any BagIt reader. */
function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/**
 * At most `max` UTF-16 code units (so also at most `max` code points, however a reader counts), cut
 * between grapheme clusters so that no character or accent is split, and marked with an ellipsis.
 */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = '';
  for (const { segment } of new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)) {
    if (kept.length + segment.length > max - 1) break;
    kept += segment;
  }
  return `${kept.trimEnd()}…`;
}

/** The version as cited: the curator's label, else the catalogue's version number. */
export function versionLabelOf(record: ArchivalBagInput['record']): string {
  return record.metadata.versionLabel ?? String(record.versionNumber);
}

/**
 * The bag-info.txt entries of an archival bag, in this order: Source-Organization, External-Description
 * (title and version, one line of at most 1000 characters), External-Identifier (`doi:…`, else the landing
 * page), Bagging-Date (UTC date of the package), Bag-Group-Identifier (`urn:uuid:<package>`), Bag-Count
 * (`i of n`), Bag-Software-Agent, BagIt-Profile-Identifier and Internal-Sender-Identifier
 * (`<dataset>/v<number>`). Payload-Oxum and Bag-Size are the BagIt writer's to add.
 */
export function archivalBagInfo(input: ArchivalBagInput): Array<[string, string]> {
  checkBagPosition(input);
  if (Number.isNaN(input.createdAt.getTime())) throw new RangeError('createdAt is not a valid date');
  const { record } = input;
  const title = oneLine(record.metadata.title ?? 'Untitled release');
  const description = truncate(
    oneLine(`${title}, version ${versionLabelOf(record)}`),
    MAX_DESCRIPTION_LENGTH,
  );
  return [
    ['Source-Organization', oneLine(record.publisher.name)],
    ['External-Description', description],
    ['External-Identifier', record.doi === null ? record.landingPage : `doi:${record.doi}`],
    ['Bagging-Date', input.createdAt.toISOString().slice(0, 10)],
    ['Bag-Group-Identifier', `urn:uuid:${input.packageId}`],
    ['Bag-Count', `${input.bagIndex} of ${input.bagCount}`],
    ['Bag-Software-Agent', oneLine(`${input.software.name} ${input.software.version} ${APDC_HOME}`)],
    ['BagIt-Profile-Identifier', APDC_BAGIT_PROFILE_ID],
    ['Internal-Sender-Identifier', `${record.datasetId}/v${record.versionNumber}`],
  ];
}
