import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { queryRows } from '@apdc/platform';
import {
  ARCHIVE_AUDIT_QUEUE,
  ARCHIVE_PACKAGE_QUEUE,
  ARCHIVE_RETRIEVAL_QUEUE,
  DATASET_CHANGED_QUEUE,
  RELEASE_EVENT_QUEUES,
  SEARCH_REINDEX_QUEUE,
} from './job-names.js';

export const PG_BOSS = Symbol('PG_BOSS');

export interface JobStatus {
  readonly state: string;
  readonly createdOn: Date | undefined;
  readonly completedOn: Date | undefined;
}

export interface JobHandler<T extends object = object> {
  readonly queue: string;
  handle(data: T, jobId: string): Promise<void>;
}

/** Enqueues jobs in the caller's transaction and runs handlers for them. */
@Injectable()
export class JobQueue implements OnModuleDestroy {
  private readonly logger = new Logger(JobQueue.name);

  constructor(@Inject(PG_BOSS) private readonly boss: PgBoss) {}

  /**
   * The job exists if and only if the transaction of `manager` commits. With `startAfterSeconds`, no
   * worker takes it before then (a later check of something slow, such as a recall from tape).
   */
  async enqueue(
    manager: EntityManager,
    queue: string,
    data: object,
    options: { startAfterSeconds?: number } = {},
  ): Promise<string> {
    const id = await this.send(manager, queue, data, undefined, options.startAfterSeconds);
    if (id === null) throw new Error(`pg-boss refused a job on ${queue}`);
    return id;
  }

  /**
   * Like {@link enqueue}, on a queue with the "short" policy: when a job with the same key is already
   * waiting, that job covers this change too (it has not started yet, so it will see it) and nothing is
   * added. Returns the new job's id, or null when an existing one covers it. Handlers of such queues
   * may run concurrently for one key, and must serialise themselves where that matters.
   */
  async enqueueCoalesced(
    manager: EntityManager,
    queue: string,
    data: object,
    key: string,
    options: { startAfterSeconds?: number } = {},
  ): Promise<string | null> {
    return this.send(manager, queue, data, key, options.startAfterSeconds);
  }

  private send(
    manager: EntityManager,
    queue: string,
    data: object,
    singletonKey: string | undefined,
    startAfterSeconds?: number,
  ) {
    return this.boss.send(queue, data, {
      retryLimit: 10,
      retryDelay: 5,
      retryBackoff: true,
      ...(singletonKey === undefined ? {} : { singletonKey }),
      ...(startAfterSeconds === undefined ? {} : { startAfter: Math.max(0, Math.ceil(startAfterSeconds)) }),
      db: {
        executeSql: async (text: string, values: unknown[]) => ({
          rows: await queryRows(manager, text, values),
        }),
      },
    });
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

  /** A job's state, or undefined when the queue holds no such job (any more). */
  async status(queue: string, id: string): Promise<JobStatus | undefined> {
    const job = await this.boss.getJobById(queue, id);
    if (job === null) return undefined;
    return { state: job.state, createdOn: job.createdOn, completedOn: job.completedOn ?? undefined };
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
  // A crashed worker's job is handed out again after a minute; indexing one dataset takes far less.
  // A full rebuild of a large catalogue takes a while; it must not be handed out twice meanwhile.
  await boss.createQueue(SEARCH_REINDEX_QUEUE, { name: SEARCH_REINDEX_QUEUE, expireInSeconds: 6 * 3600 });
  await boss.createQueue(DATASET_CHANGED_QUEUE, {
    name: DATASET_CHANGED_QUEUE,
    policy: 'short',
    expireInSeconds: 60,
  });
  // Packing a large bag group takes hours; a worker that dies midway is covered by the archive sweep.
  await boss.createQueue(ARCHIVE_PACKAGE_QUEUE, {
    name: ARCHIVE_PACKAGE_QUEUE,
    policy: 'short',
    expireInSeconds: 12 * 3600,
  });
  await boss.createQueue(ARCHIVE_AUDIT_QUEUE, { name: ARCHIVE_AUDIT_QUEUE, expireInSeconds: 6 * 3600 });
  await boss.createQueue(ARCHIVE_RETRIEVAL_QUEUE, { name: ARCHIVE_RETRIEVAL_QUEUE, expireInSeconds: 600 });
  return boss;
}
