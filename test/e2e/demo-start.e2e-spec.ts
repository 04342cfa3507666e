import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DEMO_RELEASES, KASCADE_LIKE_COLUMNS } from '@apdc/demo';
import { findFreeLoopbackPort } from '@apdc/platform';
import { ApiProcess } from '../support/api-process.js';

interface DatasetSummary {
  id: string;
  title: string;
  latestPublishedVersion: number;
  versions: Array<{ number: number; state: string }>;
}

/** What `npm start` does on a fresh machine: embedded PostgreSQL, migrations, bootstrap admin, demo catalogue. */
describe('the service started as a newcomer starts it', () => {
  let api: ApiProcess;
  let home: string;
  let pgPort: number;

  beforeAll(async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'apdc-start-'));
    pgPort = await findFreeLoopbackPort();
    api = new ApiProcess(
      {
        DATABASE_URL: undefined,
        APDC_HOME: home,
        APDC_EMBEDDED_PG_PORT: String(pgPort),
        APDC_ADMIN_TOKEN: undefined,
        APDC_DEMO: undefined,
        APDC_LOG_LEVEL: 'warn',
      },
      await findFreeLoopbackPort(),
    );
    await api.start();
  });
  afterAll(async () => {
    await api.kill('SIGTERM');
  });

  const datasets = async (): Promise<DatasetSummary[]> =>
    ((await (await fetch(`${api.baseUrl}/api/v1/datasets`)).json()) as { items: DatasetSummary[] }).items;

  it('serves health, the API docs and the demo catalogue', async () => {
    expect(await (await fetch(`${api.baseUrl}/health`)).json()).toEqual({
      status: 'ok',
      checks: { database: 'ok' },
    });
    expect((await fetch(`${api.baseUrl}/api/docs/`)).status).toBe(200);
    const listed = await datasets();
    const keys = new Set(DEMO_RELEASES.map((release) => release.key));
    expect(listed).toHaveLength(keys.size);
    const versionsOf = (key: string): number => DEMO_RELEASES.filter((release) => release.key === key).length;
    expect(listed.map((dataset) => dataset.latestPublishedVersion).sort()).toEqual(
      [...keys].map(versionsOf).sort(),
    );
    const kascade = listed.find((dataset) => dataset.title.includes('KASCADE'));
    expect(kascade).toBeDefined();
    const files = (await (
      await fetch(`${api.baseUrl}/api/v1/datasets/${kascade?.id}/versions/1/files`)
    ).json()) as { items: Array<{ path: string; mediaType: string }> };
    const csv = files.items.find((file) => file.mediaType === 'text/csv');
    const content = await (
      await fetch(
        `${api.baseUrl}/api/v1/datasets/${kascade?.id}/versions/1/files/${encodeURI(csv?.path ?? '')}`,
      )
    ).text();
    expect(content.split('\n')[0]).toBe(KASCADE_LIKE_COLUMNS.map((column) => column.name).join(','));
  });

  it('writes the bootstrap admin token under APDC_HOME, and it works', async () => {
    const { readFileSync } = await import('node:fs');
    const token = readFileSync(path.join(home, 'admin-token'), 'utf8').trim();
    const me = await fetch(`${api.baseUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(await me.json()).toMatchObject({ isAdmin: true, email: 'admin@localhost' });
  });

  it('stops cleanly, with its embedded PostgreSQL, and keeps the catalogue across restarts without loading the demo twice', async () => {
    const before = await datasets();
    expect(await api.kill('SIGTERM')).toBe(0);
    const client = new pg.Client({
      host: '127.0.0.1',
      port: pgPort,
      user: 'apdc',
      database: 'postgres',
      connectionTimeoutMillis: 2000,
    });
    await expect(client.connect()).rejects.toThrow();
    await client.end().catch(() => undefined);
    await api.start();
    expect(await datasets()).toEqual(before);
  });
});
