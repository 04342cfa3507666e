import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Violation } from '@apdc/platform';
import { CliError } from './cli-errors.js';
import {
  type ManifestParseResult,
  type PartialManifest,
  parseReleaseManifest,
  type ReleaseManifest,
} from './release-manifest.js';
import { type FileSelection, listFilesUnder, type LocalFile, resolveListedFiles } from './release-files.js';

/** Everything `register` sends, checked on disk before the first request. */
export interface RegistrationPlan {
  readonly manifest: ReleaseManifest;
  /** Inline `metadata` or the parsed `metadataFile`. */
  readonly metadata: Readonly<Record<string, unknown>> | undefined;
  readonly files: readonly LocalFile[];
}

/** Reads and validates a manifest file; a missing or unreadable file is a violation too. */
export async function readManifest(manifestPath: string): Promise<ManifestParseResult> {
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    return {
      ok: false,
      violations: [{ path: 'manifest', message: `${manifestPath}: ${readFailure(error)}` }],
      partial: { files: undefined, metadataFile: undefined },
    };
  }
  return parseReleaseManifest(text);
}

/**
 * Validates the manifest, its metadata file and the files to upload, and throws one {@link CliError} listing
 * every problem found, so the curator fixes them in one round and nothing is created on the service.
 */
export async function prepareRegistration(manifestPath: string, filesDir: string): Promise<RegistrationPlan> {
  const parsed = await readManifest(manifestPath);
  const { files: listed, metadataFile } = parsed.ok ? parsed.manifest : parsed.partial;
  const violations: Violation[] = parsed.ok ? [] : [...parsed.violations];

  let metadata = parsed.ok ? parsed.manifest.metadata : undefined;
  if (metadataFile !== undefined) {
    const loaded = await readJsonObject(metadataPath(manifestPath, metadataFile));
    if (typeof loaded === 'string')
      violations.push({ path: 'metadataFile', message: `${metadataFile}: ${loaded}` });
    else metadata = loaded;
  }

  const selection = await selectManifestFiles(filesDir, manifestPath, { files: listed, metadataFile });
  violations.push(...selection.violations);

  if (!parsed.ok || violations.length > 0) {
    throw new CliError(`${manifestPath}: nothing was sent; fix these problems first`, { violations });
  }
  return { manifest: parsed.manifest, metadata, files: selection.files };
}

/**
 * The manifest's files, or every file under `filesDir` when it lists none. A walk leaves out the manifest
 * and its metadata file, which curators often keep beside the data but which are not part of the release.
 */
export function selectManifestFiles(
  filesDir: string,
  manifestPath: string,
  manifest: PartialManifest,
): Promise<FileSelection> {
  if (manifest.files !== undefined) {
    return resolveListedFiles(filesDir, manifest.files, (index) => `files[${index}].path`);
  }
  const exclude = [manifestPath];
  if (manifest.metadataFile !== undefined) exclude.push(metadataPath(manifestPath, manifest.metadataFile));
  return listFilesUnder(filesDir, { exclude });
}

function metadataPath(manifestPath: string, metadataFile: string): string {
  return path.resolve(path.dirname(manifestPath), metadataFile);
}

async function readJsonObject(filePath: string): Promise<Record<string, unknown> | string> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    return readFailure(error);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not valid JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'expected a JSON object (the JSON-LD metadata document)';
  }
  return value as Record<string, unknown>;
}

function readFailure(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, not a file';
  return error instanceof Error ? error.message : String(error);
}
