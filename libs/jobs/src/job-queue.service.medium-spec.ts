import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type PgBoss from 'pg-boss';
import { type TestDatabase, createTestDatabase } from '../../../test/support/test-database.js';
import { JobQueue, startPgBoss } from './job-queue.service.js';

describe(JobQueue.name, () => {
  let db: TestDatabase;
  let boss: PgBoss;
  let sut: JobQueue;

  beforeAll(async () => {
    db = await createTestDatabase();
    boss = await startPgBoss(db.url);
    sut = new JobQueue(boss);
  });
  afterAll(async () => {
    await sut.onModuleDestroy();
    await db.close();
  });

  const count = async (): Promise<number> => {
    const rows: Array<{ count: string }> = await db.dataSource.query(
      `SELECT count(*) FROM pgboss.job WHERE name = 'release.published'`,
    );
    return Number(rows[0]?.count);
  };

  it('creates the job only if the enqueuing transaction commits', async () => {
    await expect(
      db.dataSource.transaction(async (manager) => {
        await sut.enqueue(manager, 'release.published', { datasetId: 'rolled-back' });
        expect(await count()).toBe(0);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await count()).toBe(0);
    await db.dataSource.transaction(async (manager) => {
      await sut.enqueue(manager, 'release.published', { datasetId: 'committed' });
    });
    expect(await count()).toBe(1);
  });

  it('hands committed jobs to a worker', async () => {
    const seen = new Promise<object>((resolve) => {
      void sut.work({
        queue: 'release.withdrawn',
        handle: (data) => {
          resolve(data);
          return Promise.resolve();
        },
      });
    });
    await db.dataSource.transaction(async (manager) => {
      await sut.enqueue(manager, 'release.withdrawn', { datasetId: 'd1' });
    });
    await expect(seen).resolves.toEqual({ datasetId: 'd1' });
  });
});
