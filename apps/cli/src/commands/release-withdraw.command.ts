import { type CliContext, printResult } from '../cli-context.js';
import { UsageError } from '../cli-errors.js';

/** `apdc release withdraw <dataset-id> <version> --reason <text>` */
export async function releaseWithdrawCommand(
  context: CliContext,
  datasetId: string,
  version: number,
  reason: string,
): Promise<void> {
  // The reason is shown on the landing page that replaces the withdrawn version.
  if (reason.trim() === '') throw new UsageError('--reason must say why the version is withdrawn');
  const withdrawn = await context.client.withdraw(datasetId, version, reason.trim());
  printResult(context, withdrawn, () => [
    `Dataset ${datasetId} version ${withdrawn.number} is ${withdrawn.state}.`,
  ]);
}
