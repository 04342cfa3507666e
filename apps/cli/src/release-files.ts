import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Violation } from '@apdc/platform';
import { type ManifestFile, relativePathProblem } from './release-manifest.js';

/** A file on disk to upload, and its path in the release. */
export interface LocalFile {
  /** Relative POSIX path: the file's path in the release. */
  readonly path: string;
  /** Where to read it (symbolic links resolved). */
  readonly absolutePath: string;
  readonly sizeBytes: number;
  readonly restricted: boolean;
}

export interface FileSelection {
  readonly files: readonly LocalFile[];
  readonly violations: readonly Violation[];
}

export interface SelectionOptions {
  /** Files to leave out of a walk (e.g. the manifest kept beside the data), by any path that resolves to them. */
  readonly exclude?: readonly string[];
}

/**
 * Every regular file under `filesDir`, recursively, sorted by path. Symbolic links are accepted only when
 * they resolve to a regular file inside `filesDir`: a link out of it would publish files the curator did
 * not mean to release, and a linked directory could loop or duplicate a subtree.
 */
export async function listFilesUnder(
  filesDir: string,
  options: SelectionOptions = {},
): Promise<FileSelection> {
  const root = await resolveRoot(filesDir);
  if (typeof root !== 'string') return { files: [], violations: [root] };
  const excluded = new Set(await Promise.all((options.exclude ?? []).map((p) => realpath(p).catch(() => p))));
  const files: LocalFile[] = [];
  const violations: Violation[] = [];
  await walk(root, root, '', excluded, files, violations);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (files.length === 0 && violations.length === 0)
    violations.push({ path: 'files-dir', message: 'no files to upload' });
  return { files, violations };
}

/**
 * The listed files, in the given order, each checked to be a regular file inside `filesDir` (after
 * resolving symbolic links). `keyOf(i)` names entry `i` in violations, e.g. `files[3].path`; `undefined`
 * entries (already reported as invalid) are skipped.
 */
export async function resolveListedFiles(
  filesDir: string,
  entries: readonly (ManifestFile | undefined)[],
  keyOf: (index: number) => string,
): Promise<FileSelection> {
  const root = await resolveRoot(filesDir);
  if (typeof root !== 'string') return { files: [], violations: [root] };
  const files: LocalFile[] = [];
  const violations: Violation[] = [];
  await Promise.all(
    entries.map(async (entry, index) => {
      if (entry === undefined) return undefined;
      const key = keyOf(index);
      const pathProblem = relativePathProblem(entry.path);
      if (pathProblem !== undefined) return violations.push({ path: key, message: pathProblem });
      const found = await regularFileInside(root, path.join(root, ...entry.path.split('/')));
      if (typeof found === 'string')
        return violations.push({ path: key, message: `${entry.path}: ${found}` });
      files[index] = { path: entry.path, restricted: entry.restricted, ...found };
      return undefined;
    }),
  );
  return { files: files.filter((file) => file !== undefined), violations: sortByKey(violations) };
}

async function resolveRoot(filesDir: string): Promise<string | Violation> {
  try {
    const root = await realpath(filesDir);
    if ((await stat(root)).isDirectory()) return root;
    return { path: 'files-dir', message: `${filesDir} is not a directory` };
  } catch {
    return { path: 'files-dir', message: `${filesDir}: no such directory` };
  }
}

async function walk(
  root: string,
  dir: string,
  prefix: string,
  excluded: ReadonlySet<string>,
  files: LocalFile[],
  violations: Violation[],
): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    const absolute = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      await walk(root, absolute, relative, excluded, files, violations);
      continue;
    }
    const pathProblem = relativePathProblem(relative);
    if (pathProblem !== undefined) {
      violations.push({ path: relative, message: `file name ${pathProblem}` });
      continue;
    }
    if (!entry.isFile() && !entry.isSymbolicLink()) {
      violations.push({ path: relative, message: 'not a regular file' });
      continue;
    }
    const found = await regularFileInside(root, absolute);
    if (typeof found === 'string') violations.push({ path: relative, message: found });
    else if (!excluded.has(found.absolutePath)) files.push({ path: relative, restricted: false, ...found });
  }
}

/** The resolved file and its size, or why it cannot be uploaded. */
async function regularFileInside(
  root: string,
  candidate: string,
): Promise<{ absolutePath: string; sizeBytes: number } | string> {
  let resolved: string;
  try {
    resolved = await realpath(candidate);
  } catch {
    return 'no such file (or a dangling symbolic link)';
  }
  if (!isInside(root, resolved)) return 'resolves outside the files directory (through a symbolic link)';
  const info = await stat(resolved);
  if (info.isDirectory()) return 'a directory, not a file: list the files under it instead';
  if (!info.isFile()) return 'not a regular file';
  return { absolutePath: resolved, sizeBytes: info.size };
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return (
    relative !== '' &&
    relative !== '..' &&
    !relative.startsWith(`..${path.sep}`) &&
    !path.isAbsolute(relative)
  );
}

function sortByKey(violations: Violation[]): Violation[] {
  return violations.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
}
