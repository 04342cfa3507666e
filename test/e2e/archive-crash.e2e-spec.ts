import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { findFreeLoopbackPort, newSecret } from '@apdc/platform';
import { ApiProcess } from '../support/api-process.js';
import { runApdc } from '../support/cli-process.js';
import { type S3Server, startS3Server } from '../support/s3-server.js';
import { releaseMetadata } from '../support/test-app.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';

const FILE_BYTES = 24 * 1024 * 1024;
const FILES = 3;

const apdc = (args: readonly string[], env: NodeJS.ProcessEnv) => runApdc(args, env, { timeoutMs: 120_000 });

/** Deterministic bytes that do not compress: a cheap xorshift stream. */
function generatedFile(seed: number): Buffer {
  const bytes = Buffer.alloc(FILE_BYTES);
  let state = seed * 2654435761 + 1;
  for (let offset = 0; offset < bytes.length; offset += 4) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes.writeUInt32LE(state >>> 0, offset);
  }
  return bytes;
}

describe('kill -9 of the worker while it packs and places an archive copy', () => {
  let db: TestDatabase;
  let s3: S3Server;
  let api: ApiProcess;
  let worker: ApiProcess | undefined;
  let env: Record<string, string>;
  let datasetId: string;
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
  const copyStates = async (): Promise<Array<{ copy_name: string; state: string; object_key: string }>> =>
    db.dataSource.query(`SELECT copy_name, state, object_key FROM archive_copies ORDER BY copy_name`);
  const uploadsInProgress = (): number => {
    try {
      return readdirSync(path.join(s3.dataDirectory, s3.bucket, '._S3rver_uploads')).length;
    } catch {
      return 0;
    }
  };
  const cliEnv = (): NodeJS.ProcessEnv => ({ ...process.env, APDC_URL: api.baseUrl, APDC_TOKEN: adminToken });

  beforeAll(async () => {
    db = await createTestDatabase();
    s3 = await startS3Server();
    const port = await findFreeLoopbackPort();
    env = {
      ...s3.env,
      APDC_S3_PART_SIZE_MB: '5',
      APDC_PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: db.url,
      APDC_HOME: mkdtempSync(path.join(os.tmpdir(), 'apdc-archive-crash-')),
      APDC_DEMO: 'false',
      APDC_ADMIN_TOKEN: adminToken,
      APDC_WORKERS_IN_API: 'false',
      APDC_SEARCH_VERIFY_ON_START: 'false',
    };
    api = new ApiProcess({ ...env, APDC_LOG_LEVEL: 'warn' }, port);
    await api.start();
    expect((await call('POST', '/api/v1/groups', { slug: 'kascade', name: 'KASCADE' })).status).toBe(201);
    const created = await call('POST', '/api/v1/datasets', {
      group: 'kascade',
      metadata: releaseMetadata({ name: 'KASCADE-like air showers, generated' }),
    });
    datasetId = ((await created.json()) as { id: string }).id;
    for (let i = 0; i < FILES; i += 1) {
      const file = await fetch(
        `${api.baseUrl}/api/v1/datasets/${datasetId}/versions/1/files/events-${i}.bin`,
        {
          method: 'PUT',
          headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/octet-stream' },
          body: generatedFile(i + 1),
        },
      );
      expect(file.status).toBe(201);
    }
    expect((await call('POST', `/api/v1/datasets/${datasetId}/versions/1/publish`)).status).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await worker?.kill('SIGTERM');
    await api.kill('SIGTERM');
    await db.close();
    await s3.stop();
  });

  it('never counts a partial copy, and a restarted worker completes the package', async () => {
    worker = new ApiProcess(env, 0, 'worker');
    await worker.start();
    const deadline = Date.now() + 60_000;
    while (uploadsInProgress() === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await worker.kill('SIGKILL');
    const atKill = await copyStates();
    console.log(
      `archive crash test: worker killed with ${uploadsInProgress()} multipart upload(s) open; copies ${JSON.stringify(atKill.map((c) => `${c.copy_name}:${c.state}`))}`,
    );
    expect(atKill.some((copy) => copy.state === 'pending')).toBe(true);
    // A copy that is not counted may not be visible either: its multipart upload never completed.
    const status = await apdc(['archive', 'status', datasetId, '--version', '1', '--json'], cliEnv());
    expect(status.code).toBe(0);
    const before = JSON.parse(status.stdout) as { packages: Array<{ state: string }> };
    expect(before.packages[0]?.state).not.toBe('stored');

    worker = new ApiProcess(env, 0, 'worker');
    await worker.start();
    const settle = Date.now() + 120_000;
    let copies = await copyStates();
    while (!(copies.length === 2 && copies.every((copy) => copy.state === 'stored')) && Date.now() < settle) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      copies = await copyStates();
    }
    expect(copies.map((copy) => [copy.copy_name, copy.state])).toEqual([
      ['disk', 'stored'],
      ['tape', 'stored'],
    ]);
    expect(uploadsInProgress()).toBe(0);

    const audit = await apdc(['archive', 'audit', datasetId, '--version', '1', '--json'], cliEnv());
    expect(audit.stderr).toContain('2 audit(s) queued');
    expect(audit.code).toBe(0);
    const outcome = JSON.parse(audit.stdout) as { audits: Array<{ copy: string; state: string }> };
    expect(outcome.audits.map((a) => [a.copy, a.state]).sort()).toEqual([
      ['disk', 'passed'],
      ['tape', 'passed'],
    ]);
    const history = await apdc(['archive', 'audits', datasetId, '--version', '1'], cliEnv());
    expect(history.code).toBe(0);
    expect(history.stdout).toMatch(/^QUEUED\s+COPY\s+BAG\s+METHOD\s+OUTCOME\s+PROBLEMS$/m);
    expect(history.stdout).toMatch(/\stape\s+1\s+stored-checksum\s+passed\s+-$/m);
    const list = await apdc(['archive', 'list', '--json'], cliEnv());
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject([
      { datasetId, state: 'stored', storedCopies: 2, damagedCopies: 0 },
    ]);
  }, 300_000);
});
