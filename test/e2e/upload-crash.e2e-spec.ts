import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { findFreeLoopbackPort, newSecret } from '@apdc/platform';
import { ApiProcess } from '../support/api-process.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { releaseMetadata } from '../support/test-app.js';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('kill -9 during an upload', () => {
  let db: TestDatabase;
  let api: ApiProcess;
  let home: string;
  const adminToken = newSecret('apdc');
  const auth = { Authorization: `Bearer ${adminToken}` };
  let datasetId: string;
  const size = 16 * 1024 * 1024;
  const payload = Buffer.alloc(size, 7);

  async function call(method: string, url: string, body?: unknown): Promise<Response> {
    return fetch(`${api.baseUrl}${url}`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    home = mkdtempSync(path.join(os.tmpdir(), 'apdc-crash-'));
    api = new ApiProcess(
      {
        DATABASE_URL: db.url,
        APDC_HOME: home,
        APDC_DEMO: 'false',
        APDC_ADMIN_TOKEN: adminToken,
        APDC_WORKERS_IN_API: 'false',
        APDC_LOG_LEVEL: 'warn',
      },
      await findFreeLoopbackPort(),
    );
    await api.start();
    expect((await call('POST', '/api/v1/groups', { slug: 'kascade', name: 'KASCADE' })).status).toBe(201);
    const created = await call('POST', '/api/v1/datasets', { group: 'kascade', metadata: releaseMetadata() });
    expect(created.status).toBe(201);
    datasetId = ((await created.json()) as { id: string }).id;
  });

  afterAll(async () => {
    await api.kill('SIGTERM');
    await db.close();
  });

  it('leaves the draft consistent and lets the upload be retried', async () => {
    const staging = path.join(home, 'objects', '.staging');
    const upload = httpRequest(`${api.baseUrl}/api/v1/datasets/${datasetId}/versions/1/files/events.bin`, {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) },
    });
    upload.on('error', () => undefined);
    upload.write(payload.subarray(0, size / 4));
    const deadline = Date.now() + 10_000;
    while (filesUnder(staging).every((file) => statSync(file).size === 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const partial = filesUnder(staging);
    expect(partial.length).toBe(1);
    expect(statSync(partial[0] as string).size).toBeGreaterThan(0);

    await api.kill('SIGKILL');
    upload.destroy();

    await api.start();
    const listed = await call('GET', `/api/v1/datasets/${datasetId}/versions/1/files`);
    expect(((await listed.json()) as { items: unknown[] }).items).toEqual([]);
    const version = (await (await call('GET', `/api/v1/datasets/${datasetId}/versions/1`)).json()) as {
      state: string;
      fileCount: number;
      totalBytes: number;
    };
    expect(version).toMatchObject({ state: 'draft', fileCount: 0, totalBytes: 0 });
    expect(filesUnder(path.join(home, 'objects', 'files'))).toEqual([]);
    const rows: Array<{ count: string }> = await db.dataSource.query(`SELECT count(*) FROM version_files`);
    expect(rows[0]?.count).toBe('0');

    const retried = await fetch(`${api.baseUrl}/api/v1/datasets/${datasetId}/versions/1/files/events.bin`, {
      method: 'PUT',
      headers: {
        ...auth,
        'Content-Type': 'application/octet-stream',
        'Content-Digest': `sha-256=:${createHash('sha256').update(payload).digest('base64')}:`,
      },
      body: payload,
    });
    expect(retried.status).toBe(201);
    expect(await retried.json()).toMatchObject({ path: 'events.bin', sizeBytes: size });
    const published = await call('POST', `/api/v1/datasets/${datasetId}/versions/1/publish`);
    expect(published.status).toBe(200);
    expect(filesUnder(path.join(home, 'objects', 'files'))).toHaveLength(1);
  });
});
