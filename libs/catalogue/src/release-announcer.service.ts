import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  ARCHIVE_PACKAGE_QUEUE,
  type ArchivePackageRequest,
  DATASET_CHANGED_QUEUE,
  type DatasetChangedEvent,
  JobQueue,
  type ReleaseEvent,
  type ReleaseEventQueue,
} from '@apdc/jobs';
import { DatasetRepository } from './dataset.repository.js';

/** Announces a change of a release to the rest of the system, as a job in the transaction of the change. */
@Injectable()
export class ReleaseAnnouncer {
  constructor(
    private readonly jobs: JobQueue,
    private readonly datasets: DatasetRepository,
  ) {}

  /**
   * Records that something the dataset exposes changed (its `updated_at`), and has it re-indexed for
   * search once the transaction commits. Every write path of the catalogue calls this.
   */
  async datasetChanged(manager: EntityManager, datasetId: string): Promise<void> {
    await this.datasets.touch(manager, datasetId);
    const event: DatasetChangedEvent = { datasetId };
    await this.jobs.enqueueCoalesced(manager, DATASET_CHANGED_QUEUE, event, datasetId);
  }

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
    if (queue !== 'release.withdrawn') {
      // Every published revision is archived: the bag's metadata must say what the catalogue says.
      const request: ArchivePackageRequest = { versionId: version.id };
      await this.jobs.enqueueCoalesced(manager, ARCHIVE_PACKAGE_QUEUE, request, version.id);
    }
  }
}
