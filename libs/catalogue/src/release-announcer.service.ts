import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobQueue, type ReleaseEvent, type ReleaseEventQueue } from '@apdc/jobs';

/** Announces a change of a release to the rest of the system, as a job in the transaction of the change. */
@Injectable()
export class ReleaseAnnouncer {
  constructor(private readonly jobs: JobQueue) {}

  async announce(
    manager: EntityManager,
    queue: ReleaseEventQueue,
    version: {
      readonly datasetId: string;
      readonly id: string;
      readonly number: number;
      readonly revision: number;
    },
  ): Promise<void> {
    const event: ReleaseEvent = {
      datasetId: version.datasetId,
      versionId: version.id,
      versionNumber: version.number,
      revision: version.revision,
    };
    await this.jobs.enqueue(manager, queue, event);
  }
}
