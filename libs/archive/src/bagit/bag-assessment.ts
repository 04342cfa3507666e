/**
 * Judges a bag from what a reader observed of it (its files, their sizes and digests, the text of its
 * declaration files), whether the bag was a directory or a tar stream: RFC 8493 §3 completeness and
 * validity, plus an optional BagIt profile.
 */
import { type BagReadableAlgorithm, isDigestOf } from './bag-digest.js';
import { checkBagitTxt, readBagInfo, readFetchTxt, tagFileText } from './bag-declaration-checks.js';
import type { PayloadOxum } from './bag-info.js';
import type { FetchEntryLine } from './bag-manifest.js';
import { encodeBagPath } from './bag-path.js';
import {
  type AddProblem,
  type BagProblem,
  compareProblems,
  isCompletenessProblem,
  quoted,
} from './bag-problem.js';
import { type BagItProfile, profileViolations } from './bagit-profile.js';
import { type ReadManifest, readManifests } from './manifest-reading.js';

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
  /** All problems found, sorted by path, code, algorithm, label and message. */
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

/** Listed ⇔ present, in every payload manifest, fetched files counted as present once retrieved. */
function checkPayloadCompleteness(
  manifests: readonly ReadManifest[],
  payload: ReadonlySet<string>,
  fetched: ReadonlyMap<string, FetchEntryLine>,
  add: AddProblem,
): void {
  const listedIn = new Map<string, ReadManifest[]>();
  for (const manifest of manifests) {
    for (const path of manifest.entries.keys()) listedIn.set(path, [...(listedIn.get(path) ?? []), manifest]);
  }
  const missing = [...listedIn.keys()].filter((path) => !payload.has(path) && !fetched.has(path));
  const unlisted = new Set([...payload].filter((path) => !listedIn.has(path)));
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
        message: `${manifest.file} line ${entry.line} lists ${quoted(entry.rawPath)} unencoded, which reads as ${quoted(path)}; '%' must be written %25`,
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
      message: `${quoted(path)} is listed in ${(listedIn.get(path) ?? []).map((m) => m.file).join(', ')} but absent`,
    });
  }
  for (const path of unlisted) {
    add({
      code: 'unlisted-payload-file',
      path,
      message: `${quoted(path)} is in the payload but in no payload manifest`,
    });
  }
  for (const [path, listing] of listedIn) {
    if (explained.has(path)) continue;
    for (const manifest of manifests.filter((m) => !listing.includes(m))) {
      add({
        code: 'manifests-disagree',
        path,
        algorithm: manifest.algorithm,
        message: `${quoted(path)} is listed in ${listing.map((m) => m.file).join(', ')} but not in ${manifest.file}`,
      });
    }
  }
  for (const [path, entry] of fetched) {
    if (!payload.has(path)) {
      add({
        code: 'fetch-not-retrieved',
        path,
        message: `${quoted(path)} is still to be fetched from ${entry.url}`,
        ...(entry.sizeBytes === null ? {} : { expected: `${entry.sizeBytes} bytes` }),
      });
    }
    for (const manifest of manifests.filter((m) => !m.entries.has(path))) {
      add({
        code: 'bad-fetch-line',
        path,
        algorithm: manifest.algorithm,
        message: `fetch.txt line ${entry.line} names ${quoted(path)}, which ${manifest.file} does not list`,
      });
    }
  }
}

function checkDigests(
  manifests: readonly ReadManifest[],
  files: ReadonlyMap<string, ObservedFile>,
  code: 'payload-digest-mismatch' | 'tag-digest-mismatch',
  add: AddProblem,
): void {
  for (const manifest of manifests.filter((m) => m.readable)) {
    const algorithm = manifest.algorithm as BagReadableAlgorithm;
    for (const [path, entry] of manifest.entries) {
      const file = files.get(path);
      if (file === undefined || !isDigestOf(algorithm, entry.digest)) continue;
      const actual = file.digests[algorithm];
      if (actual === undefined) {
        add({
          code: 'unverifiable-digest',
          path,
          algorithm,
          message: `${quoted(path)} came before ${manifest.file} in the tar and was not hashed with ${algorithm}`,
        });
      } else if (actual !== entry.digest.toLowerCase()) {
        add({
          code,
          path,
          algorithm,
          message: `${quoted(path)} does not match its ${algorithm} digest in ${manifest.file}`,
          expected: entry.digest.toLowerCase(),
          actual,
        });
      }
    }
  }
}

/** The Payload-Oxum describes the complete payload, so it is only compared once every fetch is done. */
function checkSizes(
  declared: PayloadOxum | undefined,
  measured: PayloadOxum,
  files: ReadonlyMap<string, ObservedFile>,
  fetched: ReadonlyMap<string, FetchEntryLine>,
  add: AddProblem,
): void {
  const allFetched = [...fetched.keys()].every((path) => files.has(path));
  if (
    declared !== undefined &&
    allFetched &&
    (declared.octets !== measured.octets || declared.streamCount !== measured.streamCount)
  ) {
    add({
      code: 'payload-oxum-mismatch',
      path: 'bag-info.txt',
      label: 'Payload-Oxum',
      message: 'Payload-Oxum in bag-info.txt does not match the payload',
      expected: `${declared.octets}.${declared.streamCount}`,
      actual: `${measured.octets}.${measured.streamCount}`,
    });
  }
  for (const [path, entry] of fetched) {
    const size = files.get(path)?.size;
    if (size !== undefined && entry.sizeBytes !== null && size !== entry.sizeBytes) {
      add({
        code: 'fetch-size-mismatch',
        path,
        message: `${quoted(path)} has another size than fetch.txt line ${entry.line} gives`,
        expected: String(entry.sizeBytes),
        actual: String(size),
      });
    }
  }
}

export function assessBag(observed: ObservedBag, options: BagValidationOptions = {}): BagValidationReport {
  const problems: BagProblem[] = [...observed.problems];
  const add: AddProblem = (problem) => {
    problems.push(problem);
  };
  const text = (file: string, code: BagProblem['code']): string | undefined =>
    tagFileText(observed.texts.get(file), file, code, add);

  const bagitVersion = checkBagitTxt(text('bagit.txt', 'bad-bagit-txt'), add);
  if (!observed.hasDataDirectory) {
    add({
      code: 'missing-payload-directory',
      path: 'data',
      message: 'the payload directory data/ is missing',
    });
  }
  const { entries: bagInfo, declaredOxum } = readBagInfo(text('bag-info.txt', 'bad-bag-info'), add);
  const fetched = readFetchTxt(text('fetch.txt', 'bad-fetch-line'), add);

  const payloadFiles = [...observed.files.keys()].filter((path) => path.startsWith('data/'));
  const payload = new Set(payloadFiles);
  const tagFiles = [...observed.files.keys()].filter((path) => !path.startsWith('data/'));
  const manifestTexts = new Map<string, string>();
  for (const file of observed.texts.keys()) {
    if (PAYLOAD_MANIFEST.test(file) || TAG_MANIFEST.test(file)) {
      manifestTexts.set(file, text(file, 'bad-manifest-line') ?? '');
    }
  }
  const payloadManifests = readManifests(manifestTexts, PAYLOAD_MANIFEST, payload, true, add);
  const tagManifests = readManifests(manifestTexts, TAG_MANIFEST, new Set(tagFiles), false, add);
  if (payloadManifests.length === 0) {
    add({
      code: 'no-payload-manifest',
      message: 'the bag has no payload manifest (manifest-<algorithm>.txt)',
    });
  }

  checkPayloadCompleteness(payloadManifests, payload, fetched, add);
  for (const manifest of tagManifests) {
    for (const path of manifest.entries.keys()) {
      if (!observed.files.has(path)) {
        add({
          code: 'missing-tag-file',
          path,
          algorithm: manifest.algorithm,
          message: `${quoted(path)} is listed in ${manifest.file} but absent`,
        });
      }
    }
  }

  const digestsVerified = !(options.completenessOnly ?? false) && observed.digestsComputed;
  if (digestsVerified) {
    checkDigests(payloadManifests, observed.files, 'payload-digest-mismatch', add);
    checkDigests(tagManifests, observed.files, 'tag-digest-mismatch', add);
  }
  let octets = 0;
  for (const path of payloadFiles) octets += observed.files.get(path)?.size ?? 0;
  const measured = { octets, streamCount: payloadFiles.length };
  checkSizes(declaredOxum, measured, observed.files, fetched, add);

  const algorithms = payloadManifests.map((m) => m.algorithm);
  const tagAlgorithms = tagManifests.map((m) => m.algorithm);
  if (options.profile !== undefined) {
    const facts = {
      bagitVersion,
      serialization: observed.serialization,
      bagInfo,
      manifestAlgorithms: algorithms,
      tagManifestAlgorithms: tagAlgorithms,
      tagFiles,
      hasFetchTxt: observed.texts.has('fetch.txt'),
      payloadSizes: payloadFiles.map((path) => observed.files.get(path)?.size ?? 0),
    };
    for (const violation of profileViolations(options.profile, facts))
      add({ code: 'profile-violation', ...violation });
  }

  problems.sort(compareProblems);
  const complete = !problems.some(isCompletenessProblem);
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
