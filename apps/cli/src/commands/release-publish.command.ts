import { type CliContext, printResult } from '../cli-context.js';
import { CliError } from '../cli-errors.js';

/** `apdc release publish <dataset-id> [--version <n>]`; without a version, publishes the draft. */
export async function releasePublishCommand(
  context: CliContext,
  datasetId: string,
  version: number | undefined,
): Promise<void> {
  const { client } = context;
  let number = version;
  if (number === undefined) {
    const dataset = await client.getDataset(datasetId);
    const drafts = dataset.versions.filter((v) => v.state === 'draft').map((v) => v.number);
    const [only] = drafts;
    if (drafts.length !== 1 || only === undefined) {
      const found = drafts.length === 0 ? 'no draft version' : `draft versions ${drafts.join(', ')}`;
      throw new CliError(`dataset ${datasetId} has ${found}: pass --version <n>`);
    }
    number = only;
  }
  const published = await client.publish(datasetId, number);
  printResult(context, published, () => [
    `Dataset ${datasetId} version ${published.number} is ${published.state}.`,
  ]);
}
