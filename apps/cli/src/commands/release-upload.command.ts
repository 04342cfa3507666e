import type { Violation } from '@apdc/platform';
import { type CliContext, printResult } from '../cli-context.js';
import { CliError, UsageError } from '../cli-errors.js';
import { formatBytes } from '../cli-format.js';
import { uploadFiles } from '../file-upload.js';
import { type FileSelection, listFilesUnder, resolveListedFiles } from '../release-files.js';
import type { ReleaseManifest } from '../release-manifest.js';
import { readManifest, selectManifestFiles } from '../release-plan.js';

export interface ReleaseUploadOptions {
  /** Take the file list and `restricted` flags from this manifest. */
  readonly manifest?: string;
  /** Mark every uploaded file restricted (without a manifest). */
  readonly restricted?: boolean;
  /** Skip the files before this path, in upload order: resumes a failed upload. */
  readonly from?: string;
}

/** `apdc release upload <dataset> <version> <files-dir> [paths...]`: (re)uploads files to a draft. */
export async function releaseUploadCommand(
  context: CliContext,
  datasetId: string,
  version: number,
  filesDir: string,
  paths: readonly string[],
  options: ReleaseUploadOptions,
): Promise<void> {
  const { client, io } = context;
  if (options.manifest !== undefined && options.restricted === true) {
    throw new UsageError(
      'give either --manifest or --restricted: with a manifest, it says which files are restricted',
    );
  }

  const violations: Violation[] = [];
  let manifest: ReleaseManifest | undefined;
  if (options.manifest !== undefined) {
    const parsed = await readManifest(options.manifest);
    if (parsed.ok) manifest = parsed.manifest;
    else violations.push(...parsed.violations);
  }
  const listed = manifest?.files;
  const restrictedInManifest = new Map(listed?.map((file) => [file.path, file.restricted]));

  let selection: FileSelection;
  if (paths.length > 0) {
    paths.forEach((p, index) => {
      if (listed !== undefined && !restrictedInManifest.has(p)) {
        violations.push({ path: `paths[${index}]`, message: `${p}: not among the manifest's files` });
      }
    });
    const entries = paths.map((p) => ({
      path: p,
      restricted: options.restricted === true || restrictedInManifest.get(p) === true,
    }));
    selection = await resolveListedFiles(filesDir, entries, (index) => `paths[${index}]`);
  } else if (options.manifest !== undefined && manifest !== undefined) {
    selection = await selectManifestFiles(filesDir, options.manifest, manifest);
  } else {
    const walked = await listFilesUnder(filesDir);
    const restricted = options.restricted === true;
    selection = { ...walked, files: walked.files.map((file) => ({ ...file, restricted })) };
  }
  violations.push(...selection.violations);
  if (violations.length > 0) {
    throw new CliError('nothing was uploaded; fix these problems first', { violations });
  }

  let files = selection.files;
  if (options.from !== undefined) {
    const start = files.findIndex((file) => file.path === options.from);
    if (start < 0) throw new UsageError(`--from ${options.from}: not among the files to upload`);
    files = files.slice(start);
  }

  const target = await client.getVersion(datasetId, version);
  if (target.state !== 'draft') {
    throw new CliError(
      `dataset ${datasetId} version ${version} is ${target.state}: only a draft accepts files`,
    );
  }

  const uploaded = await uploadFiles(client, { datasetId, version }, files, io.stderr, {
    filesDir,
    manifestPath: options.manifest,
    paths,
    restricted: options.restricted === true,
  });
  const totalBytes = uploaded.reduce((sum, file) => sum + file.sizeBytes, 0);
  printResult(context, { datasetId, version, files: uploaded }, () => [
    `Uploaded ${uploaded.length} files (${formatBytes(totalBytes)}) to dataset ${datasetId} version ${version}.`,
  ]);
}
