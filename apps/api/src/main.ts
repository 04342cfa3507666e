import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthenticationService, UserAdminService } from '@apdc/access';
import { DemoCatalogueLoader } from '@apdc/demo';
import { DoiRegistrationHandler, DoiRegistrationService } from '@apdc/doi-registration';
import { JobQueue, RELEASE_EVENT_QUEUES } from '@apdc/jobs';
import { SearchWorkers } from '@apdc/search';
import { ArchiveWorkers } from '@apdc/archive';
import {
  ConfigError,
  type LogLevel,
  bootstrapAdminToken,
  closeOnSignals,
  loadAppConfig,
  openDatabaseRuntime,
} from '@apdc/platform';
import { MIGRATIONS } from '../../../migrations/index.js';
import { ApiModule } from './app.module.js';
import { configureApp } from './configure-app.js';

const LEVELS: readonly LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

async function main(): Promise<void> {
  // The pinned AWS SDK supports Node 20; its notice that later releases will not belongs in the docs, not every log.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const config = loadAppConfig(process.env);
  const logger = new Logger('apdc');
  const runtime = await openDatabaseRuntime(config, { entities: [], migrations: MIGRATIONS }, (line) =>
    logger.log(line),
  );
  const app = await NestFactory.create(
    ApiModule.forRoot({ config, dataSource: runtime.dataSource, databaseUrl: runtime.server.url }),
    { bodyParser: false, logger: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1) },
  );
  configureApp(app);

  const admin = bootstrapAdminToken(config);
  const { created } = await app.get(UserAdminService).bootstrapAdmin(admin.token);
  if (created)
    logger.log(
      `bootstrap admin created; token ${admin.file === undefined ? 'from APDC_ADMIN_TOKEN' : `in ${admin.file}`}`,
    );
  if (config.demo.loadWhenEmpty) {
    const principal = await app
      .get(AuthenticationService)
      .authenticate(admin.token)
      .catch(() => undefined);
    if (principal !== undefined && (await app.get(DemoCatalogueLoader).loadIntoEmptyCatalogue(principal))) {
      logger.log('demo catalogue loaded');
    }
  }
  if (config.jobs.runWorkersInApi) {
    const jobs = app.get(JobQueue);
    const registration = app.get(DoiRegistrationService);
    for (const queue of RELEASE_EVENT_QUEUES)
      await jobs.work(new DoiRegistrationHandler(queue, registration));
    await app.get(SearchWorkers).start({ verifyOnStart: config.search.verifyOnStart });
    await app.get(ArchiveWorkers).start();
  }

  await app.listen(config.http.port, config.http.host);
  logger.log(`APDC listening on ${config.http.publicUrl} — API docs at ${config.http.publicUrl}/api/docs`);

  closeOnSignals(
    (line) => logger.log(line),
    async () => {
      await app.close();
      await runtime.close();
    },
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`APDC failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
