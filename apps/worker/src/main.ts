import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DoiRegistrationHandler, DoiRegistrationService } from '@apdc/doi-registration';
import { JobQueue, RELEASE_EVENT_QUEUES } from '@apdc/jobs';
import { SearchWorkers } from '@apdc/search';
import { ArchiveWorkers } from '@apdc/archive';
import { ConfigError, closeOnSignals, loadAppConfig, openDatabaseRuntime } from '@apdc/platform';
import { MIGRATIONS } from '../../../migrations/index.js';
import { WorkerModule } from './worker.module.js';

/** Runs the job handlers in a process of its own; start as many as the load needs, on any machine. */
async function main(): Promise<void> {
  // The pinned AWS SDK supports Node 20; its notice that later releases will not belongs in the docs, not every log.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const config = loadAppConfig(process.env);
  const logger = new Logger('apdc-worker');
  const runtime = await openDatabaseRuntime(config, { entities: [], migrations: MIGRATIONS }, (line) =>
    logger.log(line),
  );
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot({ config, dataSource: runtime.dataSource, databaseUrl: runtime.server.url }),
  );
  const jobs = app.get(JobQueue);
  const registration = app.get(DoiRegistrationService);
  for (const queue of RELEASE_EVENT_QUEUES) await jobs.work(new DoiRegistrationHandler(queue, registration));
  await app.get(SearchWorkers).start({ verifyOnStart: config.search.verifyOnStart });
  await app.get(ArchiveWorkers).start();
  logger.log(`worker consuming ${RELEASE_EVENT_QUEUES.join(', ')} the search and the archive queues`);

  closeOnSignals(
    (line) => logger.log(line),
    async () => {
      await app.close();
      await runtime.close();
    },
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    error instanceof ConfigError
      ? `${error.message}\n`
      : `APDC worker failed: ${(error as Error).stack ?? String(error)}\n`,
  );
  process.exit(error instanceof ConfigError ? 2 : 1);
});
