/** Reads and checks the small declaration files of a bag: bagit.txt, bag-info.txt and fetch.txt. */
import {
  BAGIT_VERSION,
  type PayloadOxum,
  bagInfoValues,
  parsePayloadOxum,
  parseTagFile,
} from './bag-info.js';
import { type FetchEntryLine, parseFetch } from './bag-manifest.js';
import { bagPathEncodingFault, relativePathFault } from './bag-path.js';
import { type AddProblem, type BagProblem, type BagProblemCode, quoted } from './bag-problem.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** A tag file's text; invalid UTF-8 is reported under `code` and read leniently. */
export function tagFileText(
  buffer: Buffer | undefined,
  file: string,
  code: BagProblemCode,
  add: AddProblem,
): string | undefined {
  if (buffer === undefined) return undefined;
  try {
    return utf8.decode(buffer);
  } catch {
    add({ code, path: file, message: `${file} is not valid UTF-8` });
    return lenientUtf8.decode(buffer);
  }
}

/** bagit.txt holds exactly the two declaration lines, in order (RFC 8493 §2.1.1). Returns the version. */
export function checkBagitTxt(text: string | undefined, add: AddProblem): string | null {
  if (text === undefined) {
    add({ code: 'missing-bagit-txt', path: 'bagit.txt', message: 'bagit.txt is missing' });
    return null;
  }
  const bad = (message: string, extra: Partial<BagProblem> = {}): void => {
    add({ code: 'bad-bagit-txt', path: 'bagit.txt', message, ...extra });
  };
  if (text.startsWith('\uFEFF')) bad('bagit.txt must not start with a byte-order mark');
  const { entries, faults } = parseTagFile(text);
  for (const fault of faults) bad(`bagit.txt line ${fault.line} ${fault.message}`);
  const [version, encoding] = entries;
  let bagitVersion: string | null = null;
  if (version?.[0] !== 'BagIt-Version' || !/^\d+\.\d+$/.test(version[1])) {
    bad('the first line must be "BagIt-Version: M.N"', { expected: `BagIt-Version: ${BAGIT_VERSION}` });
  } else {
    bagitVersion = version[1];
  }
  if (encoding?.[0] !== 'Tag-File-Character-Encoding') {
    bad('the second line must be "Tag-File-Character-Encoding: UTF-8"');
  } else if (encoding[1].toUpperCase() !== 'UTF-8') {
    bad('only UTF-8 tag files can be read', { expected: 'UTF-8', actual: encoding[1] });
  }
  if (entries.length > 2) bad('bagit.txt must hold exactly two lines');
  return bagitVersion;
}

export function readBagInfo(
  text: string | undefined,
  add: AddProblem,
): { entries: Array<[string, string]>; declaredOxum: PayloadOxum | undefined } {
  if (text === undefined) return { entries: [], declaredOxum: undefined };
  const { entries, faults } = parseTagFile(text);
  for (const fault of faults) {
    add({
      code: 'bad-bag-info',
      path: 'bag-info.txt',
      message: `bag-info.txt line ${fault.line} ${fault.message}`,
    });
  }
  const oxums = bagInfoValues(entries, 'Payload-Oxum');
  if (oxums.length > 1) {
    add({
      code: 'bad-bag-info',
      path: 'bag-info.txt',
      label: 'Payload-Oxum',
      message: 'Payload-Oxum appears twice',
    });
  }
  const [oxum] = oxums;
  const declaredOxum = oxum === undefined ? undefined : parsePayloadOxum(oxum);
  if (oxum !== undefined && declaredOxum === undefined) {
    add({
      code: 'bad-bag-info',
      path: 'bag-info.txt',
      label: 'Payload-Oxum',
      message: 'Payload-Oxum must be "<octets>.<stream count>"',
      actual: oxum,
    });
  }
  return { entries, declaredOxum };
}

/** The entries of fetch.txt that name a safe payload path, by that path. */
export function readFetchTxt(text: string | undefined, add: AddProblem): Map<string, FetchEntryLine> {
  const fetched = new Map<string, FetchEntryLine>();
  if (text === undefined) return fetched;
  const { entries, unparsed } = parseFetch(text);
  for (const line of unparsed) {
    add({
      code: 'bad-fetch-line',
      path: 'fetch.txt',
      message: `fetch.txt line ${line.line} is not "<url> <length or -> <path>"`,
      actual: line.text,
    });
  }
  for (const entry of entries) {
    const where = `fetch.txt line ${entry.line}`;
    const encodingFault = bagPathEncodingFault(entry.rawPath);
    if (encodingFault !== undefined) {
      add({ code: 'bad-file-name', path: entry.path, message: `${where}: the name ${encodingFault}` });
    }
    const fault =
      relativePathFault(entry.path) ?? (entry.path.startsWith('data/') ? undefined : 'is outside data/');
    if (fault !== undefined) {
      add({ code: 'bad-file-name', path: entry.path, message: `${where}: ${quoted(entry.path)} ${fault}` });
    } else if (fetched.has(entry.path)) {
      add({ code: 'bad-fetch-line', path: 'fetch.txt', message: `${where} repeats ${quoted(entry.path)}` });
    } else {
      fetched.set(entry.path, entry);
    }
  }
  return fetched;
}
