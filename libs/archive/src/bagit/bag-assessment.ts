/**
 * Judges a bag from what a reader observed of it (its files, their sizes and digests, the text of its
 * declaration files), whether the bag was a directory or a tar stream: RFC 8493 §3 completeness and
 * validity, plus an optional BagIt profile.
 */
import { type BagReadableAlgorithm, isDigestOf, isReadableAlgorithm } from './bag-digest.js';
import {
  BAGIT_VERSION,
  type PayloadOxum,
  bagInfoValues,
  parsePayloadOxum,
  parseTagFile,
} from './bag-info.js';
import {
  type FetchEntryLine,
  type ManifestEntry,
  type TextLine,
  parseFetch,
  parseManifest,
} from './bag-manifest.js';
import { bagPathEncodingFault, decodeBagPath, encodeBagPath, relativePathFault } from './bag-path.js';
import { type BagItProfile, profileViolations } from './bagit-profile.js';

const COMPLETENESS_CODES = [
  'missing-bagit-txt',
  'bad-bagit-txt',
  'bad-bag-info',
  'missing-payload-directory',
  'no-payload-manifest',
  'bad-manifest-line',
  'bad-file-name',
  'missing-payload-file',
  'unlisted-payload-file',
  'manifests-disagree',
  'missing-tag-file',
  'fetch-not-retrieved',
  'bad-fetch-line',
  'not-a-regular-file',
  'bad-serialization',
] as const;

type ValidityProblemCode =
  | 'payload-digest-mismatch'
  | 'tag-digest-mismatch'
  | 'payload-oxum-mismatch'
  | 'fetch-size-mismatch'
  | 'unsupported-algorithm'
  | 'unverifiable-digest';

/**
 * Completeness problems make a bag incomplete (and so invalid); validity problems make a complete bag
 * invalid; a profile violation makes it invalid for that profile.
 */
export type BagProblemCode = (typeof COMPLETENESS_CODES)[number] | ValidityProblemCode | 'profile-violation';

export interface BagProblem {
  readonly code: BagProblemCode;
  /** Relative to the bag root ('data/…' for payload files), decoded. */
  readonly path?: string;
  readonly message: string;
  readonly expected?: string;
  readonly actual?: string;
  readonly algorithm?: string;
  /** For profile violations: the profile key broken ('Bag-Info', 'Tag-Files-Required', …). */
  readonly rule?: string;
  /** For bag-info problems: the label concerned. */
  readonly label?: string;
}

export interface BagValidationOptions {
  /** Skip digest checks: `complete` is settled, `valid` stays false. */
  readonly completenessOnly?: boolean;
  readonly profile?: BagItProfile;
  /**
   * Tar only: the algorithms to compute for payload members met before any manifest names its algorithm
   * (our tars put manifests after the payload). Default sha512 and sha256; a later manifest of another
   * algorithm is reported as 'unverifiable-digest' for those files.
   */
  readonly assumedPayloadAlgorithms?: readonly BagReadableAlgorithm[];
}

export interface BagValidationReport {
  /** No completeness problems. */
  readonly complete: boolean;
  /** Complete, every digest checked and matching, the Payload-Oxum right and the profile (if any) met. */
  readonly valid: boolean;
  /** All problems found, sorted by path, code, algorithm and message. */
  readonly problems: readonly BagProblem[];
  readonly bagInfo: ReadonlyArray<readonly [string, string]>;
  /** Measured over the payload files present. */
  readonly payloadOxum: { octets: number; streamCount: number };
  /** Algorithms of the payload manifests. */
  readonly algorithms: readonly string[];
  readonly tagAlgorithms: readonly string[];
  readonly payloadFileCount: number;
  readonly bagitVersion: string | null;
  readonly digestsVerified: boolean;
}

export interface ObservedFile {
  readonly size: number;
  /** Lower-case hex digests the reader computed, by algorithm. */
  readonly digests: Readonly<Partial<Record<BagReadableAlgorithm, string>>>;
}

export interface ObservedBag {
  /** Regular files by path relative to the bag root. */
  readonly files: ReadonlyMap<string, ObservedFile>;
  /** Contents of the root declaration files: bagit.txt, bag-info.txt, fetch.txt, (tag)manifest-*.txt. */
  readonly texts: ReadonlyMap<string, Buffer>;
  readonly hasDataDirectory: boolean;
  /** Problems the reader met: entries that are not regular files, a malformed tar. */
  readonly problems: readonly BagProblem[];
  readonly serialization: 'directory' | 'application/x-tar';
  readonly digestsComputed: boolean;
}

export const BAG_DECLARATION_FILE = /^(bagit\.txt|bag-info\.txt|fetch\.txt|(tag)?manifest-[^/]+\.txt)$/;
export const PAYLOAD_MANIFEST = /^manifest-([^/]+)\.txt$/;
export const TAG_MANIFEST = /^tagmanifest-([^/]+)\.txt$/;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

function compareProblems(a: BagProblem, b: BagProblem): number {
  const keys = (p: BagProblem): string[] => [
    p.path ?? '',
    p.code,
    p.algorithm ?? '',
    p.label ?? '',
    p.message,
  ];
  const [x, y] = [keys(a), keys(b)];
  for (let index = 0; index < x.length; index += 1) {
    const [left, right] = [x[index] ?? '', y[index] ?? ''];
    if (left !== right) return left < right ? -1 : 1;
  }
  return 0;
}

function show(path: string): string {
  return JSON.stringify(path);
}

interface ReadManifest {
  readonly file: string;
  readonly algorithm: string;
  readonly readable: boolean;
  /** Entries whose path may be looked up: safe, decodable, unique in the manifest. */
  readonly entries: ReadonlyMap<string, ManifestEntry>;
}

/**
 * Reattaches lines that only exist because a name held a raw CR or LF: the break is put back when the
 * rebuilt name is a file that exists. Returns the rebuilt entries with the lines they swallowed.
 */
function rejoinBrokenNames(
  entries: readonly ManifestEntry[],
  unparsed: readonly TextLine[],
  exists: (path: string) => boolean,
): { entries: ManifestEntry[]; unparsed: TextLine[]; rejoined: Map<ManifestEntry, string> } {
  const byLine = new Map(unparsed.map((line) => [line.line, line]));
  const swallowed = new Set<TextLine>();
  const rejoined = new Map<ManifestEntry, string>();
  const result = entries.map((entry) => {
    if (exists(entry.path)) return entry;
    let raw = entry.rawPath;
    let best: ManifestEntry | undefined;
    const taken: TextLine[] = [];
    for (
      let number = entry.line + 1, next = byLine.get(number);
      next !== undefined;
      next = byLine.get(++number)
    ) {
      raw = `${raw}${next.breakBefore}${next.text}`;
      taken.push(next);
      if (exists(decodeBagPath(raw))) {
        best = { ...entry, rawPath: raw, path: decodeBagPath(raw) };
        for (const line of taken) swallowed.add(line);
        rejoined.set(best, raw.slice(entry.rawPath.length).includes('\r') ? 'CR' : 'LF');
      }
    }
    return best ?? entry;
  });
  return { entries: result, unparsed: unparsed.filter((line) => !swallowed.has(line)), rejoined };
}

export function assessBag(observed: ObservedBag, options: BagValidationOptions = {}): BagValidationReport {
  const problems: BagProblem[] = [...observed.problems];
  const add = (problem: BagProblem): void => {
    problems.push(problem);
  };
  const text = (file: string, code: BagProblemCode): string | undefined => {
    const buffer = observed.texts.get(file);
    if (buffer === undefined) return undefined;
    try {
      return utf8.decode(buffer);
    } catch {
      add({ code, path: file, message: `${file} is not valid UTF-8` });
      return lenientUtf8.decode(buffer);
    }
  };

  // bagit.txt: exactly the two declaration lines, in order (RFC 8493 §2.1.1).
  let bagitVersion: string | null = null;
  const bagitTxt = text('bagit.txt', 'bad-bagit-txt');
  if (bagitTxt === undefined) {
    add({ code: 'missing-bagit-txt', path: 'bagit.txt', message: 'bagit.txt is missing' });
  } else {
    const bad = (message: string, extra: Partial<BagProblem> = {}): void => {
      add({ code: 'bad-bagit-txt', path: 'bagit.txt', message, ...extra });
    };
    if (bagitTxt.startsWith('\uFEFF')) bad('bagit.txt must not start with a byte-order mark');
    const { entries, faults } = parseTagFile(bagitTxt);
    for (const fault of faults) bad(`bagit.txt line ${fault.line} ${fault.message}`);
    const [version, encoding] = entries;
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
  }

  if (!observed.hasDataDirectory) {
    add({
      code: 'missing-payload-directory',
      path: 'data',
      message: 'the payload directory data/ is missing',
    });
  }

  // bag-info.txt
  let bagInfo: Array<[string, string]> = [];
  let declaredOxum: PayloadOxum | undefined;
  const bagInfoTxt = text('bag-info.txt', 'bad-bag-info');
  if (bagInfoTxt !== undefined) {
    const parsed = parseTagFile(bagInfoTxt);
    bagInfo = parsed.entries;
    for (const fault of parsed.faults) {
      add({
        code: 'bad-bag-info',
        path: 'bag-info.txt',
        message: `bag-info.txt line ${fault.line} ${fault.message}`,
      });
    }
    const oxums = bagInfoValues(bagInfo, 'Payload-Oxum');
    if (oxums.length > 1) {
      add({
        code: 'bad-bag-info',
        path: 'bag-info.txt',
        label: 'Payload-Oxum',
        message: 'Payload-Oxum appears twice',
      });
    }
    const [oxum] = oxums;
    if (oxum !== undefined) {
      declaredOxum = parsePayloadOxum(oxum);
      if (declaredOxum === undefined) {
        add({
          code: 'bad-bag-info',
          path: 'bag-info.txt',
          label: 'Payload-Oxum',
          message: 'Payload-Oxum must be "<octets>.<stream count>"',
          actual: oxum,
        });
      }
    }
  }

  const payloadFiles = [...observed.files.keys()].filter((path) => path.startsWith('data/'));
  const payloadSet = new Set(payloadFiles);
  const tagFiles = [...observed.files.keys()].filter((path) => !path.startsWith('data/'));

  // fetch.txt
  const fetched = new Map<string, FetchEntryLine>();
  const fetchTxt = text('fetch.txt', 'bad-fetch-line');
  if (fetchTxt !== undefined) {
    const { entries, unparsed } = parseFetch(fetchTxt);
    for (const line of unparsed) {
      add({
        code: 'bad-fetch-line',
        path: 'fetch.txt',
        message: `fetch.txt line ${line.line} is not "<url> <length or -> <path>"`,
        actual: line.text,
      });
    }
    for (const entry of entries) {
      const encodingFault = bagPathEncodingFault(entry.rawPath);
      if (encodingFault !== undefined) {
        add({
          code: 'bad-file-name',
          path: entry.path,
          message: `fetch.txt line ${entry.line}: the name ${encodingFault}`,
        });
      }
      const fault =
        relativePathFault(entry.path) ?? (entry.path.startsWith('data/') ? undefined : 'is outside data/');
      if (fault !== undefined) {
        add({
          code: 'bad-file-name',
          path: entry.path,
          message: `fetch.txt line ${entry.line}: ${show(entry.path)} ${fault}`,
        });
      } else if (fetched.has(entry.path)) {
        add({
          code: 'bad-fetch-line',
          path: 'fetch.txt',
          message: `fetch.txt line ${entry.line} repeats ${show(entry.path)}`,
        });
      } else {
        fetched.set(entry.path, entry);
      }
    }
  }

  // Manifests, each read on its own; names the reader could not place get the most precise diagnosis.
  const readManifests = (pattern: RegExp, payload: boolean): ReadManifest[] => {
    const present = payload ? payloadSet : new Set(tagFiles);
    const manifests: ReadManifest[] = [];
    for (const file of [...observed.texts.keys()].filter((name) => pattern.test(name)).sort()) {
      const algorithm = pattern.exec(file)?.[1] ?? '';
      const readable = isReadableAlgorithm(algorithm);
      if (!readable) {
        add({
          code: 'unsupported-algorithm',
          path: file,
          algorithm,
          message: `${file} uses ${algorithm}, which this validator cannot compute`,
        });
      }
      const parsed = parseManifest(text(file, 'bad-manifest-line') ?? '');
      const { entries, unparsed, rejoined } = rejoinBrokenNames(parsed.entries, parsed.unparsed, (path) =>
        present.has(path),
      );
      for (const line of unparsed) {
        add({
          code: 'bad-manifest-line',
          path: file,
          message: `${file} line ${line.line} is not "<digest> <path>"`,
          actual: line.text,
        });
      }
      const usable = new Map<string, ManifestEntry>();
      for (const entry of entries) {
        const where = `${file} line ${entry.line}`;
        const breakKind = rejoined.get(entry);
        if (breakKind !== undefined) {
          add({
            code: 'bad-file-name',
            path: entry.path,
            algorithm,
            message: `${where} writes the name with a raw ${breakKind}; it must be percent-encoded as ${breakKind === 'CR' ? '%0D' : '%0A'}`,
            expected: encodeBagPath(entry.path),
          });
        }
        const encodingFault = bagPathEncodingFault(entry.rawPath);
        if (encodingFault !== undefined) {
          add({
            code: 'bad-file-name',
            path: entry.path,
            algorithm,
            message: `${where}: the name ${encodingFault}`,
            expected: encodeBagPath(entry.path),
            actual: entry.rawPath,
          });
        }
        const fault =
          relativePathFault(entry.path) ??
          (payload && !entry.path.startsWith('data/')
            ? 'is outside data/, so it cannot be a payload file'
            : undefined);
        if (fault !== undefined) {
          add({
            code: 'bad-file-name',
            path: entry.path,
            algorithm,
            message: `${where}: ${show(entry.path)} ${fault}`,
          });
          continue;
        }
        if (readable && !isDigestOf(algorithm, entry.digest)) {
          add({
            code: 'bad-manifest-line',
            path: file,
            algorithm,
            message: `${where} has ${show(entry.digest)}, which is not a ${algorithm} digest`,
            actual: entry.digest,
          });
        }
        if (usable.has(entry.path)) {
          add({ code: 'bad-manifest-line', path: file, message: `${where} lists ${show(entry.path)} again` });
          continue;
        }
        usable.set(entry.path, entry);
      }
      manifests.push({ file, algorithm, readable, entries: usable });
    }
    return manifests;
  };
  const payloadManifests = readManifests(PAYLOAD_MANIFEST, true);
  const tagManifests = readManifests(TAG_MANIFEST, false);
  if (payloadManifests.length === 0) {
    add({
      code: 'no-payload-manifest',
      message: 'the bag has no payload manifest (manifest-<algorithm>.txt)',
    });
  }

  // Completeness of the payload: listed ⇔ present, in every manifest.
  const listedIn = new Map<string, ReadManifest[]>();
  for (const manifest of payloadManifests) {
    for (const path of manifest.entries.keys()) listedIn.set(path, [...(listedIn.get(path) ?? []), manifest]);
  }
  const missing = [...listedIn.keys()].filter((path) => !payloadSet.has(path) && !fetched.has(path));
  const unlisted = new Set(payloadFiles.filter((path) => !listedIn.has(path)));
  // A name that needed encoding but was written raw decodes to a file that is not there, while the file is.
  const explained = new Set<string>();
  const unencoded = new Set<string>();
  for (const path of missing) {
    for (const manifest of listedIn.get(path) ?? []) {
      const entry = manifest.entries.get(path);
      if (entry === undefined || !unlisted.has(entry.rawPath)) continue;
      add({
        code: 'bad-file-name',
        path: entry.rawPath,
        algorithm: manifest.algorithm,
        message: `${manifest.file} line ${entry.line} lists ${show(entry.rawPath)} unencoded, which reads as ${show(path)}; '%' must be written %25`,
        expected: encodeBagPath(entry.rawPath),
        actual: entry.rawPath,
      });
      explained.add(path);
      unencoded.add(entry.rawPath);
    }
  }
  for (const path of unencoded) unlisted.delete(path);
  for (const path of missing.filter((path) => !explained.has(path))) {
    add({
      code: 'missing-payload-file',
      path,
      message: `${show(path)} is listed in ${(listedIn.get(path) ?? []).map((m) => m.file).join(', ')} but absent`,
    });
  }
  for (const path of unlisted) {
    add({
      code: 'unlisted-payload-file',
      path,
      message: `${show(path)} is in the payload but in no payload manifest`,
    });
  }
  for (const [path, manifests] of listedIn) {
    if (explained.has(path)) continue;
    for (const manifest of payloadManifests.filter((m) => !manifests.includes(m))) {
      add({
        code: 'manifests-disagree',
        path,
        algorithm: manifest.algorithm,
        message: `${show(path)} is listed in ${manifests.map((m) => m.file).join(', ')} but not in ${manifest.file}`,
      });
    }
  }
  for (const [path, entry] of fetched) {
    if (!payloadSet.has(path)) {
      add({
        code: 'fetch-not-retrieved',
        path,
        message: `${show(path)} is still to be fetched from ${entry.url}`,
        ...(entry.sizeBytes === null ? {} : { expected: `${entry.sizeBytes} bytes` }),
      });
    }
    for (const manifest of payloadManifests.filter((m) => !m.entries.has(path))) {
      add({
        code: 'bad-fetch-line',
        path,
        algorithm: manifest.algorithm,
        message: `fetch.txt line ${entry.line} names ${show(path)}, which ${manifest.file} does not list`,
      });
    }
  }

  const tagSet = new Set(tagFiles);
  for (const manifest of tagManifests) {
    for (const path of manifest.entries.keys()) {
      if (!tagSet.has(path) && !payloadSet.has(path)) {
        add({
          code: 'missing-tag-file',
          path,
          algorithm: manifest.algorithm,
          message: `${show(path)} is listed in ${manifest.file} but absent`,
        });
      }
    }
  }

  // Validity: digests, Oxum, fetched sizes.
  const digestsVerified = !(options.completenessOnly ?? false) && observed.digestsComputed;
  if (digestsVerified) {
    for (const [manifests, code] of [
      [payloadManifests, 'payload-digest-mismatch'],
      [tagManifests, 'tag-digest-mismatch'],
    ] as const) {
      for (const manifest of manifests.filter((m) => m.readable)) {
        const algorithm = manifest.algorithm as BagReadableAlgorithm;
        for (const [path, entry] of manifest.entries) {
          const file = observed.files.get(path);
          if (file === undefined || !isDigestOf(algorithm, entry.digest)) continue;
          const actual = file.digests[algorithm];
          if (actual === undefined) {
            add({
              code: 'unverifiable-digest',
              path,
              algorithm,
              message: `${show(path)} came before ${manifest.file} in the tar and was not hashed with ${algorithm}`,
            });
          } else if (actual !== entry.digest.toLowerCase()) {
            add({
              code,
              path,
              algorithm,
              message: `${show(path)} does not match its ${algorithm} digest in ${manifest.file}`,
              expected: entry.digest.toLowerCase(),
              actual,
            });
          }
        }
      }
    }
  }
  let octets = 0;
  for (const path of payloadFiles) octets += observed.files.get(path)?.size ?? 0;
  const measured = { octets, streamCount: payloadFiles.length };
  const allFetched = [...fetched.keys()].every((path) => payloadSet.has(path));
  if (declaredOxum !== undefined && allFetched) {
    if (declaredOxum.octets !== measured.octets || declaredOxum.streamCount !== measured.streamCount) {
      add({
        code: 'payload-oxum-mismatch',
        path: 'bag-info.txt',
        label: 'Payload-Oxum',
        message: 'Payload-Oxum in bag-info.txt does not match the payload',
        expected: `${declaredOxum.octets}.${declaredOxum.streamCount}`,
        actual: `${measured.octets}.${measured.streamCount}`,
      });
    }
  }
  for (const [path, entry] of fetched) {
    const size = observed.files.get(path)?.size;
    if (size !== undefined && entry.sizeBytes !== null && size !== entry.sizeBytes) {
      add({
        code: 'fetch-size-mismatch',
        path,
        message: `${show(path)} has another size than fetch.txt line ${entry.line} gives`,
        expected: String(entry.sizeBytes),
        actual: String(size),
      });
    }
  }

  const algorithms = payloadManifests.map((m) => m.algorithm);
  const tagAlgorithms = tagManifests.map((m) => m.algorithm);
  if (options.profile !== undefined) {
    for (const violation of profileViolations(options.profile, {
      bagitVersion,
      serialization: observed.serialization,
      bagInfo,
      manifestAlgorithms: algorithms,
      tagManifestAlgorithms: tagAlgorithms,
      tagFiles,
      hasFetchTxt: observed.texts.has('fetch.txt'),
      payloadSizes: payloadFiles.map((path) => observed.files.get(path)?.size ?? 0),
    })) {
      add({ code: 'profile-violation', ...violation });
    }
  }

  problems.sort(compareProblems);
  const completenessCodes: readonly string[] = COMPLETENESS_CODES;
  const complete = !problems.some((problem) => completenessCodes.includes(problem.code));
  return {
    complete,
    valid: complete && digestsVerified && problems.length === 0,
    problems,
    bagInfo,
    payloadOxum: measured,
    algorithms,
    tagAlgorithms,
    payloadFileCount: payloadFiles.length,
    bagitVersion,
    digestsVerified,
  };
}
