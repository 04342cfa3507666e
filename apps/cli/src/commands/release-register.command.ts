import type { Dataset } from '../api-client.js';
import { type CliContext, printResult } from '../cli-context.js';
import { CliError } from '../cli-errors.js';
import { formatBytes } from '../cli-format.js';
import { uploadFiles } from '../file-upload.js';
import { prepareRegistration } from '../release-plan.js';

/** `apdc release register <manifest.yaml> <files-dir>` */
export async function releaseRegisterCommand(
  context: CliContext,
  manifestPath: string,
  filesDir: string,
): Promise<void> {
  const { client, io } = context;
  const { manifest, metadata, files } = await prepareRegistration(manifestPath, filesDir);

  let datasetId: string;
  let version: number;
  if (manifest.dataset === undefined) {
    const dataset = await client.createDataset(manifest.group);
    datasetId = dataset.id;
    version = latestDraft(dataset) ?? 1;
  } else {
    const dataset = await client.getDataset(manifest.dataset);
    if (dataset.ownerGroup !== manifest.group) {
      throw new CliError(
        `dataset ${dataset.id} belongs to group ${dataset.ownerGroup}, but the manifest says group ${manifest.group}; nothing was sent`,
      );
    }
    datasetId = dataset.id;
    version = (await client.createVersion(dataset.id)).number;
  }
  io.stderr.write(`Created dataset ${datasetId} version ${version} (draft).\n`);

  try {
    if (metadata !== undefined) await client.putMetadata(datasetId, version, metadata);
    if (manifest.embargoUntil !== undefined || manifest.software !== undefined) {
      await client.patchVersion(datasetId, version, {
        ...(manifest.embargoUntil === undefined ? {} : { embargoUntil: manifest.embargoUntil }),
        ...(manifest.software === undefined ? {} : { software: manifest.software }),
      });
    }
  } catch (error) {
    throw new CliError(`could not describe dataset ${datasetId} version ${version}`, {
      cause: error,
      hints: [`Dataset ${datasetId} version ${version} was created and stays a draft; no file was uploaded.`],
    });
  }

  const uploaded = await uploadFiles(client, { datasetId, version }, files, io.stderr, {
    filesDir,
    manifestPath,
    paths: [],
    restricted: false,
  });

  const totalBytes = uploaded.reduce((sum, file) => sum + file.sizeBytes, 0);
  printResult(context, { datasetId, version, state: 'draft', files: uploaded }, () => [
    `Registered dataset ${datasetId} version ${version} (draft): ${uploaded.length} files, ${formatBytes(totalBytes)}.`,
    `Review it:  apdc release status ${datasetId} --version ${version}`,
    `Publish it: apdc release publish ${datasetId} --version ${version}`,
  ]);
}

function latestDraft(dataset: Dataset): number | undefined {
  const drafts = dataset.versions.filter((v) => v.state === 'draft').map((v) => v.number);
  return drafts.length === 0 ? undefined : Math.max(...drafts);
}
