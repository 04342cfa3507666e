/** Reads payload and tag manifests, giving each name the reader cannot place the most precise diagnosis. */
import { isDigestOf, isReadableAlgorithm } from './bag-digest.js';
import { type ManifestEntry, type TextLine, parseManifest } from './bag-manifest.js';
import { bagPathEncodingFault, decodeBagPath, encodeBagPath, relativePathFault } from './bag-path.js';
import { type AddProblem, quoted } from './bag-problem.js';

export interface ReadManifest {
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
): { entries: ManifestEntry[]; unparsed: TextLine[]; rejoined: Map<ManifestEntry, 'CR' | 'LF'> } {
  const byLine = new Map(unparsed.map((line) => [line.line, line]));
  const swallowed = new Set<TextLine>();
  const rejoined = new Map<ManifestEntry, 'CR' | 'LF'>();
  const result = entries.map((entry) => {
    if (exists(entry.path)) return entry;
    let raw = entry.rawPath;
    let best: ManifestEntry | undefined;
    const taken: TextLine[] = [];
    for (let number = entry.line + 1; byLine.has(number); number += 1) {
      const next = byLine.get(number);
      if (next === undefined) break;
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

/**
 * Every manifest among `texts` whose name matches `pattern` (manifest-<alg>.txt or tagmanifest-<alg>.txt),
 * in name order. `present` holds the files such a manifest may list, to rebuild names broken by raw
 * line breaks; payload manifests may only list files under data/.
 */
export function readManifests(
  texts: ReadonlyMap<string, string>,
  pattern: RegExp,
  present: ReadonlySet<string>,
  payload: boolean,
  add: AddProblem,
): ReadManifest[] {
  const manifests: ReadManifest[] = [];
  for (const [file, text] of [...texts]
    .filter(([name]) => pattern.test(name))
    .sort(([a], [b]) => (a < b ? -1 : 1))) {
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
    const parsed = parseManifest(text);
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
          message: `${where}: ${quoted(entry.path)} ${fault}`,
        });
        continue;
      }
      if (readable && !isDigestOf(algorithm, entry.digest)) {
        add({
          code: 'bad-manifest-line',
          path: file,
          algorithm,
          message: `${where} has ${quoted(entry.digest)}, which is not a ${algorithm} digest`,
          actual: entry.digest,
        });
      }
      if (usable.has(entry.path)) {
        add({ code: 'bad-manifest-line', path: file, message: `${where} lists ${quoted(entry.path)} again` });
        continue;
      }
      usable.set(entry.path, entry);
    }
    manifests.push({ file, algorithm, readable, entries: usable });
  }
  return manifests;
}
