import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { queryRows } from '@apdc/platform';
import { RELEASE_EVENT_QUEUES } from './job-names.js';

export const PG_BOSS = Symbol('PG_BOSS');

export interface JobHandler<T extends object = object> {
  readonly queue: string;
  handle(data: T, jobId: string): Promise<void>;
}

/** Enqueues jobs in the caller's transaction and runs handlers for them. */
@Injectable()
export class JobQueue implements OnModuleDestroy {
  private readonly logger = new Logger(JobQueue.name);

  constructor(@Inject(PG_BOSS) private readonly boss: PgBoss) {}

  /** The job exists if and only if the transaction of `manager` commits. */
  async enqueue(manager: EntityManager, queue: string, data: object): Promise<string> {
    const id = await this.boss.send(queue, data, {
      retryLimit: 10,
      retryDelay: 5,
      retryBackoff: true,
      db: {
        executeSql: async (text: string, values: unknown[]) => ({
          rows: await queryRows(manager, text, values),
        }),
      },
    });
    if (id === null) throw new Error(`pg-boss refused a job on ${queue}`);
    return id;
  }

  /** Starts consuming `handler.queue`; failures are retried with backoff by pg-boss, then kept as failed. */
  async work<T extends object>(handler: JobHandler<T>): Promise<void> {
    await this.boss.createQueue(handler.queue);
    await this.boss.work<T>(handler.queue, { batchSize: 1 }, async ([job]) => {
      if (job === undefined) return;
      try {
        await handler.handle(job.data, job.id);
      } catch (error) {
        this.logger.warn(`job ${job.id} on ${handler.queue} failed: ${(error as Error).message}`);
        throw error;
      }
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}

export async function startPgBoss(databaseUrl: string): Promise<PgBoss> {
  const { default: PgBossClass } = await import('pg-boss');
  const boss = new PgBossClass({ connectionString: databaseUrl, application_name: 'apdc-jobs', max: 4 });
  boss.on('error', (error: Error) => new Logger('PgBoss').error(error.message));
  await boss.start();
  for (const queue of RELEASE_EVENT_QUEUES) await boss.createQueue(queue);
  return boss;
}
