import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { AppConfig } from './config/app-config.js';
import { type DataSourceParts, openDataSource } from './database/data-source.js';
import {
  type DatabaseServer,
  externalPostgres,
  startEmbeddedPostgres,
} from './database/embedded-postgres.js';
import { newSecret } from './ids.js';

export interface DatabaseRuntime {
  readonly server: DatabaseServer;
  readonly dataSource: DataSource;
  close(): Promise<void>;
}

/** The database every process of the service shares: `DATABASE_URL`'s server, or the embedded one. */
export async function openDatabaseRuntime(
  config: AppConfig,
  parts: DataSourceParts,
  log: (line: string) => void,
): Promise<DatabaseRuntime> {
  const server =
    config.database.url === undefined
      ? await startEmbeddedPostgres(config.home, config.database.embeddedPort, log)
      : externalPostgres(config.database.url);
  try {
    const dataSource = await openDataSource(server.url, parts);
    return {
      server,
      dataSource,
      async close() {
        if (dataSource.isInitialized) await dataSource.destroy();
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** The bootstrap admin's token: from configuration, else kept in `$APDC_HOME/admin-token` (generated once). */
export function bootstrapAdminToken(config: AppConfig): { token: string; file: string | undefined } {
  if (config.auth.bootstrapAdminToken !== undefined)
    return { token: config.auth.bootstrapAdminToken, file: undefined };
  mkdirSync(config.home, { recursive: true });
  const file = path.join(config.home, 'admin-token');
  if (!existsSync(file)) writeFileSync(file, `${newSecret('apdc')}\n`, { mode: 0o600 });
  return { token: readFileSync(file, 'utf8').trim(), file };
}

/**
 * Closes `close` once on SIGINT or SIGTERM, then exits 0; used by every long-running process so that
 * jobs finish, connections close and the embedded PostgreSQL (if ours) stops in that order.
 */
export function closeOnSignals(log: (line: string) => void, close: () => Promise<void>): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    log(`${signal}: shutting down`);
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`shutdown failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  // embedded-postgres stops its server on these signals at once, under jobs still running; the server is
  // stopped by `close` instead, after the application (and its job workers) has shut down.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}
