import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { findFreeLoopbackPort, newSecret } from '@apdc/platform';
import { ApiProcess } from '../support/api-process.js';
import { runApdc } from '../support/cli-process.js';
import { releaseMetadata } from '../support/test-app.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';

const RELEASES = 80;

const apdc = (args: readonly string[], env: NodeJS.ProcessEnv) => runApdc(args, env, { timeoutMs: 60_000 });

describe('kill -9 of the worker while it indexes', () => {
  let db: TestDatabase;
  let api: ApiProcess;
  let worker: ApiProcess;
  let env: Record<string, string>;
  const adminToken = newSecret('apdc');

  const call = async (method: string, url: string, body?: unknown): Promise<Response> =>
    fetch(`${api.baseUrl}${url}`, {
      method,
      headers: {
        Authorization: `Bearer ${adminToken}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const indexedCount = async (): Promise<number> => {
    const [row] = await db.dataSource.query<Array<{ count: string }>>(
      `SELECT count(*) AS count FROM search_documents`,
    );
    return Number(row?.count);
  };
  const cliEnv = (): NodeJS.ProcessEnv => ({ ...process.env, APDC_URL: api.baseUrl, APDC_TOKEN: adminToken });

  beforeAll(async () => {
    db = await createTestDatabase();
    const port = await findFreeLoopbackPort();
    env = {
      // Workers build the same landing-page URLs as the API, so they must share its public URL.
      APDC_PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: db.url,
      APDC_HOME: mkdtempSync(path.join(os.tmpdir(), 'apdc-search-crash-')),
      APDC_DEMO: 'false',
      APDC_ADMIN_TOKEN: adminToken,
      APDC_WORKERS_IN_API: 'false',
    };
    api = new ApiProcess({ ...env, APDC_LOG_LEVEL: 'warn' }, port);
    await api.start();
    expect((await call('POST', '/api/v1/groups', { slug: 'icecube', name: 'IceCube' })).status).toBe(201);
    for (let i = 0; i < RELEASES; i += 1) {
      const created = await call('POST', '/api/v1/datasets', {
        group: 'icecube',
        metadata: releaseMetadata({ name: `Neutrino release ${i}` }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      const file = await fetch(`${api.baseUrl}/api/v1/datasets/${id}/versions/1/files/README.txt`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'text/plain' },
        body: `Release ${i}\n`,
      });
      expect(file.status).toBe(201);
      expect((await call('POST', `/api/v1/datasets/${id}/versions/1/publish`)).status).toBe(200);
    }
  }, 120_000);

  afterAll(async () => {
    await worker.kill('SIGTERM');
    await api.kill('SIGTERM');
    await db.close();
  });

  it('leaves the index consistent after a restart, as `apdc search verify` reports', async () => {
    // Every change was announced in its transaction; no worker has run yet.
    expect(await indexedCount()).toBe(0);
    const before = await apdc(['search', 'verify'], cliEnv());
    expect(before.code).toBe(1);
    expect(before.stdout).toContain(`Missing:   ${RELEASES}`);

    // The first worker only works through the queued jobs; the restarted one also checks the index on start.
    worker = new ApiProcess({ ...env, APDC_SEARCH_VERIFY_ON_START: 'false' }, 0, 'worker');
    await worker.start();
    const deadline = Date.now() + 30_000;
    let atKill = await indexedCount();
    while (atKill === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      atKill = await indexedCount();
    }
    await worker.kill('SIGKILL');
    const afterKill = await indexedCount();
    console.log(
      `search crash test: worker killed with ${atKill}–${afterKill} of ${RELEASES} datasets indexed`,
    );
    expect(afterKill).toBeLessThan(RELEASES);

    worker = new ApiProcess(env, 0, 'worker');
    await worker.start();
    let report = { code: 1, stdout: '' };
    const settle = Date.now() + 60_000;
    while (report.code !== 0 && Date.now() < settle) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      report = await apdc(['search', 'verify'], cliEnv());
    }
    expect(report.stdout).toContain('consistent');
    expect(report.code).toBe(0);
    expect(await indexedCount()).toBe(RELEASES);
    const query = await apdc(['search', 'query', 'neutrino', '--limit', '3', '--json'], cliEnv());
    expect(query.code).toBe(0);
    const results = JSON.parse(query.stdout) as { total: number; items: unknown[] };
    expect(results.total).toBe(RELEASES);
    expect(results.items).toHaveLength(3);
  }, 150_000);
});
