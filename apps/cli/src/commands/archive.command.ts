import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ArchiveAudit, ArchivePackageSummary, ArchiveStatus } from '../api-client.js';
import { type CliContext, printResult } from '../cli-context.js';
import { CliError } from '../cli-errors.js';
import { formatTable } from '../cli-format.js';

/**
 * `apdc archive list [--state s]`: every archival package and the state of its copies (administrators).
 * Exits non-zero when a package failed or a copy is damaged, so that monitoring can run it.
 */
export async function archiveListCommand(
  context: CliContext,
  options: { state: string | undefined },
): Promise<void> {
  const items: ArchivePackageSummary[] = [];
  let cursor: string | null = null;
  do {
    const parameters = new URLSearchParams({ limit: '200' });
    if (options.state !== undefined) parameters.set('state', options.state);
    if (cursor !== null) parameters.set('cursor', cursor);
    const page = await context.client.archivePackages(parameters);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  printResult(context, items, () => [
    `${items.length} package(s)`,
    ...formatTable([
      ['DATASET', 'VERSION', 'REV', 'POLICY', 'STATE', 'COPIES', 'DAMAGED', 'OLDEST AUDIT'],
      ...items.map((item) => [
        item.datasetId,
        String(item.versionNumber),
        String(item.revision),
        item.policy,
        item.state,
        `${item.storedCopies}/${item.copies}`,
        String(item.damagedCopies),
        item.oldestAuditAt ?? '-',
      ]),
    ]),
  ]);
  const troubled = items.filter((item) => item.state === 'failed' || item.damagedCopies > 0);
  if (troubled.length > 0) throw new CliError(`${troubled.length} package(s) failed or have damaged copies`);
}

/** `apdc archive status <dataset> --version n`: packages, copies and their last audits. */
export async function archiveStatusCommand(
  context: CliContext,
  datasetId: string,
  version: number,
): Promise<void> {
  const status = await context.client.archiveStatus(datasetId, version);
  printResult(context, status, () => statusLines(status));
}

/** `apdc archive audits <dataset> --version n`: the audit history of the version's copies, newest first. */
export async function archiveAuditHistoryCommand(
  context: CliContext,
  datasetId: string,
  version: number,
): Promise<void> {
  const page = await context.client.archiveAudits(datasetId, version);
  printResult(context, page.items, () => [
    ...formatTable([
      ['QUEUED', 'COPY', 'BAG', 'METHOD', 'OUTCOME', 'PROBLEMS'],
      ...page.items.map((audit) => [
        audit.queuedAt,
        audit.copy,
        String(audit.bagIndex),
        audit.method,
        audit.state,
        problemSummary(audit),
      ]),
    ]),
    ...(page.nextCursor === null ? [] : ['(older audits: GET …/archive/audits with the cursor)']),
  ]);
}

/**
 * `apdc archive audit <dataset> --version n [--recall]`: audits every copy now and waits for the
 * outcome by default; exits non-zero when a copy failed and could not be repaired.
 */
export async function archiveAuditCommand(
  context: CliContext,
  datasetId: string,
  version: number,
  options: { recall: boolean; wait: boolean; timeoutSeconds: number; pollMs?: number },
): Promise<void> {
  const { auditIds } = await context.client.requestArchiveAudit(datasetId, version, options.recall);
  context.io.stderr.write(`${auditIds.length} audit(s) queued\n`);
  let audits: ArchiveAudit[] = [];
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  while (options.wait) {
    const page = await context.client.archiveAudits(datasetId, version);
    audits = page.items.filter((audit) => auditIds.includes(audit.id));
    if (
      audits.length === auditIds.length &&
      audits.every((audit) => !['queued', 'recalling'].includes(audit.state))
    )
      break;
    if (Date.now() > deadline)
      throw new CliError(`audits still running after ${options.timeoutSeconds} s (is a worker running?)`);
    await sleep(options.pollMs ?? 1000);
  }
  printResult(context, { auditIds, audits }, () =>
    options.wait
      ? formatTable([
          ['COPY', 'BAG', 'METHOD', 'OUTCOME', 'PROBLEMS'],
          ...audits.map((audit) => [
            audit.copy,
            String(audit.bagIndex),
            audit.method,
            audit.state,
            audit.problems.map((p) => `${p.code}${p.path === undefined ? '' : ` ${p.path}`}`).join('; ') ||
              '-',
          ]),
        ])
      : auditIds,
  );
  if (audits.some((audit) => audit.state === 'failed'))
    throw new CliError('a copy failed its audit and was not repaired');
}

/**
 * `apdc archive retrieve <dataset> --version n --output dir`: asks for the archived version, waits for a
 * recall from tape when needed, and saves every bag as a tar in `dir`.
 */
export async function archiveRetrieveCommand(
  context: CliContext,
  datasetId: string,
  version: number,
  options: { output: string; timeoutSeconds: number },
): Promise<void> {
  let retrieval = await context.client.requestRetrieval(datasetId, version);
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  while (retrieval.state === 'recalling') {
    context.io.stderr.write(`retrieval ${retrieval.id}: recalling from tape\n`);
    if (Date.now() > deadline)
      throw new CliError(
        `retrieval ${retrieval.id} still recalling after ${options.timeoutSeconds} s; ask again later`,
      );
    await sleep(Math.min((retrieval.retryAfterSeconds ?? 5) * 1000, 5000));
    retrieval = await context.client.retrieval(retrieval.id);
  }
  if (retrieval.state !== 'ready')
    throw new CliError(`retrieval ${retrieval.id} ${retrieval.state}: ${retrieval.lastError ?? ''}`);
  await mkdir(options.output, { recursive: true });
  const saved: string[] = [];
  for (const bag of retrieval.bags) {
    const target = path.join(options.output, `${bag.name}.tar`);
    const body = await context.client.retrievalBag(retrieval.id, bag.index);
    await pipeline(Readable.fromWeb(body), createWriteStream(target));
    saved.push(target);
  }
  printResult(context, { retrieval, saved }, () => saved.map((file) => `saved ${file}`));
}

function problemSummary(audit: ArchiveAudit): string {
  return audit.problems.map((p) => `${p.code}${p.path === undefined ? '' : ` ${p.path}`}`).join('; ') || '-';
}

function statusLines(status: ArchiveStatus): string[] {
  if (status.packages.length === 0) return [`Version ${status.versionNumber}: not archived yet`];
  return status.packages.flatMap((pkg) => [
    `Package ${pkg.id} (revision ${pkg.revision}, policy ${pkg.policy.id}): ${pkg.state}${pkg.lastError === null ? '' : ` — ${pkg.lastError}`}`,
    ...formatTable([
      ['BAG', 'COPY', 'CLASS', 'STATE', 'LAST AUDIT', 'NEXT AUDIT'],
      ...pkg.bags.flatMap((bag) =>
        bag.copies.map((copy) => [
          `${bag.index}/${bag.count}`,
          copy.name,
          copy.storageClass,
          copy.state,
          copy.lastAudit === null ? '-' : `${copy.lastAudit.outcome} ${copy.lastAudit.at}`,
          copy.nextAuditAt ?? '-',
        ]),
      ),
    ]),
  ]);
}
