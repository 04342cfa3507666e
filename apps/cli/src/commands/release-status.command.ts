import type { Dataset, Version } from '../api-client.js';
import { type CliContext, printResult } from '../cli-context.js';
import { CliError } from '../cli-errors.js';
import { formatBytes, formatTable } from '../cli-format.js';

/** `apdc release status <dataset-id> [--version <n>]`; without a version, shows the latest. */
export async function releaseStatusCommand(
  context: CliContext,
  datasetId: string,
  version: number | undefined,
): Promise<void> {
  const { client } = context;
  const dataset = await client.getDataset(datasetId);
  const numbers = dataset.versions.map((v) => v.number);
  const chosen = version ?? (numbers.length === 0 ? undefined : Math.max(...numbers));
  if (chosen === undefined) throw new CliError(`dataset ${datasetId} has no versions`);
  const detail = await client.getVersion(datasetId, chosen);
  printResult(context, { dataset, version: detail }, () => [
    ...datasetLines(dataset),
    '',
    ...versionLines(detail),
  ]);
}

function datasetLines(dataset: Dataset): string[] {
  const rows = [...dataset.versions]
    .sort((a, b) => a.number - b.number)
    .map((v) => [String(v.number), v.state, v.publishedAt ?? '-', v.title ?? '']);
  return [
    `Dataset ${dataset.id} (group ${dataset.ownerGroup})`,
    ...formatTable([['VERSION', 'STATE', 'PUBLISHED', 'TITLE'], ...rows]).map((line) => `  ${line}`),
  ];
}

function versionLines(version: Version): string[] {
  const totalBytes = version.totalBytes === undefined ? undefined : Number(version.totalBytes);
  const fields: [string, string | undefined][] = [
    ['State', version.state],
    ['Title', version.title ?? undefined],
    ['Revision', version.revision === undefined ? undefined : String(version.revision)],
    ['Files', version.fileCount === undefined ? undefined : String(version.fileCount)],
    [
      'Size',
      totalBytes === undefined
        ? undefined
        : `${formatBytes(totalBytes)} (${String(version.totalBytes)} bytes)`,
    ],
    ['Embargo', version.embargoUntil == null ? 'none' : `until ${version.embargoUntil}`],
    ['Published', version.publishedAt ?? undefined],
    ['Withdrawn', version.withdrawnAt == null ? undefined : withdrawal(version)],
    ['DOI', doiSummary(version)],
    ['DOI error', version.doiLastError ?? undefined],
    ['Jobs', jobsSummary(version.jobs)],
  ];
  return [
    `Version ${version.number}`,
    ...formatTable(
      fields.flatMap(([label, value]) => (value === undefined ? [] : [[`${label}:`, value]])),
    ).map((line) => `  ${line}`),
  ];
}

function withdrawal(version: Version): string {
  const reason = version.withdrawalReason ?? undefined;
  return reason === undefined ? String(version.withdrawnAt) : `${String(version.withdrawnAt)} (${reason})`;
}

/** The DOI and where its registration stands ("pending" while a job is due and retried). */
function doiSummary(version: Version): string | undefined {
  if (version.doi == null) return version.doiStatus === undefined ? undefined : 'none yet';
  return version.doiStatus === 'findable'
    ? version.doi
    : `${version.doi} (${version.doiStatus ?? 'unknown'})`;
}

/** The jobs' shape is the service's business: show kind and state when they are there, else the JSON. */
function jobsSummary(jobs: unknown): string | undefined {
  if (jobs === undefined || jobs === null) return undefined;
  if (!Array.isArray(jobs)) return JSON.stringify(jobs);
  if (jobs.length === 0) return 'none';
  return jobs
    .map((job: unknown) => {
      if (typeof job !== 'object' || job === null) return JSON.stringify(job);
      const fields = job as Record<string, unknown>;
      const name = fields['kind'] ?? fields['name'] ?? fields['type'];
      const state = fields['state'] ?? fields['status'];
      return typeof name === 'string' && typeof state === 'string' ? `${name} ${state}` : JSON.stringify(job);
    })
    .join(', ');
}
