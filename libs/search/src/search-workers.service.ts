import { Injectable, Logger } from '@nestjs/common';
import { DATASET_CHANGED_QUEUE, type DatasetChangedEvent, JobQueue, SEARCH_REINDEX_QUEUE } from '@apdc/jobs';
import { SearchConsistency } from './search-consistency.service.js';
import { SearchIndexer } from './search-indexer.service.js';

/** The search side of the workers: indexing on every dataset change, reindexing on request. */
@Injectable()
export class SearchWorkers {
  private readonly logger = new Logger(SearchWorkers.name);

  constructor(
    private readonly jobs: JobQueue,
    private readonly indexer: SearchIndexer,
    private readonly consistency: SearchConsistency,
  ) {}

  /**
   * Starts consuming the search queues. With `verifyOnStart`, first compares the index with the
   * database in the background and repairs differences: what a crashed worker left half done, or
   * changes made while no worker ran against this index.
   */
  async start(options: { verifyOnStart: boolean }): Promise<void> {
    await this.jobs.work<DatasetChangedEvent>({
      queue: DATASET_CHANGED_QUEUE,
      handle: (event) => this.indexer.indexDatasets([event.datasetId]),
    });
    await this.jobs.work<object>({
      queue: SEARCH_REINDEX_QUEUE,
      handle: async () => {
        await this.consistency.reindex();
      },
    });
    if (options.verifyOnStart) {
      // A repair is logged by SearchConsistency itself.
      void this.consistency.verify({ repair: true }).then(
        (report) => {
          if (report.consistent)
            this.logger.log(`search index consistent with the database (${report.databaseCount} documents)`);
        },
        (error: unknown) => this.logger.error(`search index check failed: ${(error as Error).message}`),
      );
    }
  }
}
