import { setTimeout as sleep } from 'node:timers/promises';
import type { SearchConsistency } from '../api-client.js';
import { type CliContext, printResult } from '../cli-context.js';
import { CliError } from '../cli-errors.js';
import { formatTable } from '../cli-format.js';

/**
 * `apdc search verify [--repair]`: compares the search index with the database (counts and per-document
 * digests). Exits non-zero when they differ and were not repaired, so that monitoring can run it.
 */
export async function searchVerifyCommand(context: CliContext, options: { repair: boolean }): Promise<void> {
  const report = await context.client.searchConsistency(options.repair);
  printResult(context, report, () => consistencyLines(report));
  if (!report.consistent && !report.repaired) {
    throw new CliError('the search index differs from the database (run with --repair to fix it)');
  }
}

/** `apdc search reindex [--no-wait]`: rebuilds the index in the background, waiting for it by default. */
export async function searchReindexCommand(
  context: CliContext,
  options: { wait: boolean; timeoutSeconds: number; pollMs?: number },
): Promise<void> {
  let job = await context.client.requestReindex();
  context.io.stderr.write(`reindex job ${job.jobId} ${job.state}\n`);
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  while (options.wait && !['completed', 'failed', 'cancelled'].includes(job.state)) {
    if (Date.now() > deadline) {
      throw new CliError(
        `reindex job ${job.jobId} is still ${job.state} after ${options.timeoutSeconds} s (is a worker running?); ` +
          `it goes on, check with apdc search verify`,
      );
    }
    await sleep(options.pollMs ?? 1000);
    const next = await context.client.reindexJob(job.jobId);
    if (next.state !== job.state) context.io.stderr.write(`reindex job ${job.jobId} ${next.state}\n`);
    job = next;
  }
  if (job.state === 'failed' || job.state === 'cancelled')
    throw new CliError(`reindex job ${job.jobId} ${job.state}`);
  const report = options.wait ? await context.client.searchConsistency(false) : undefined;
  printResult(context, { job, consistency: report ?? null }, () => [
    `Reindex job ${job.jobId}: ${job.state}`,
    ...(report === undefined ? [] : consistencyLines(report)),
  ]);
}

/** `apdc search query <q> [--limit n]`: the first hits of a search, as a table. */
export async function searchQueryCommand(
  context: CliContext,
  query: string,
  options: { limit: number },
): Promise<void> {
  const parameters = new URLSearchParams({ q: query, limit: String(options.limit), facets: 'false' });
  const results = await context.client.search(parameters);
  printResult(context, results, () => [
    `${results.total} release(s)`,
    ...formatTable([
      ['DATASET', 'VERSION', 'YEAR', 'DOI', 'TITLE'],
      ...results.items.map((hit) => [
        hit.datasetId,
        `${hit.versionNumber}${hit.state === 'draft' ? ' (draft)' : ''}`,
        hit.publicationYear === null ? '-' : String(hit.publicationYear),
        hit.doi ?? '-',
        hit.title,
      ]),
    ]),
  ]);
}

function consistencyLines(report: SearchConsistency): string[] {
  const verdict = report.consistent
    ? 'consistent'
    : report.repaired
      ? 'differences found and repaired'
      : 'INCONSISTENT';
  const ids = (label: string, list: readonly string[], count: number): string[] =>
    count === 0 ? [] : [`  ${label} (${count}): ${list.join(' ')}${count > list.length ? ' …' : ''}`];
  return [
    `Search index (${report.adapter}): ${verdict}`,
    ...formatTable([
      ['Database:', `${report.databaseCount} discoverable datasets`],
      ['Index:', `${report.indexCount} documents`],
      ['Missing:', String(report.missingCount)],
      ['Stale:', String(report.staleCount)],
      ['Extra:', String(report.extraCount)],
    ]).map((line) => `  ${line}`),
    ...ids('missing', report.missing, report.missingCount),
    ...ids('stale', report.stale, report.staleCount),
    ...ids('extra', report.extra, report.extraCount),
  ];
}
