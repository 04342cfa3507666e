import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { openDataSource } from '@apdc/platform';
import { MIGRATIONS } from '../../migrations/index.js';
import { TEMPLATE_DATABASE } from './test-server-state.js';

export interface TestDatabase {
  readonly url: string;
  readonly dataSource: DataSource;
  close(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env['APDC_TEST_ADMIN_URL'];
  if (url === undefined)
    throw new Error('APDC_TEST_ADMIN_URL is not set: run the tests through jest (global setup)');
  return url;
}

export function databaseUrl(name: string): string {
  const parsed = new URL(adminUrl());
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

const TEMPLATE_LOCK = 7_400_001;

/** Creates and migrates the template database once per run; test files in other workers wait for it. */
async function ensureTemplate(admin: pg.Client): Promise<void> {
  await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
  try {
    const ready = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate`, [
      TEMPLATE_DATABASE,
    ]);
    if (ready.rowCount !== 0) return;
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
    const dataSource = await openDataSource(databaseUrl(TEMPLATE_DATABASE), {
      entities: [],
      migrations: MIGRATIONS,
    });
    await dataSource.destroy();
    await admin.query(`ALTER DATABASE ${TEMPLATE_DATABASE} WITH IS_TEMPLATE true`);
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
  }
}

/** A fresh, migrated database of its own for one test file, cloned from the template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `apdc_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await ensureTemplate(admin);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(name);
  const dataSource = await openDataSource(url, { entities: [], migrations: MIGRATIONS });
  return {
    url,
    dataSource,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      const client = new pg.Client({ connectionString: adminUrl() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
