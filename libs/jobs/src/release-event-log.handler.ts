import { Logger } from '@nestjs/common';
import type { ReleaseEvent, ReleaseEventQueue } from './job-names.js';
import type { JobHandler } from './job-queue.service.js';

/**
 * Logs each release event. The first consumer of the outbox; DOI registration, indexing and archiving
 * subscribe to the same queues as they arrive.
 */
export class ReleaseEventLogHandler implements JobHandler<ReleaseEvent> {
  private readonly logger = new Logger('ReleaseEvents');

  constructor(readonly queue: ReleaseEventQueue) {}

  handle(event: ReleaseEvent, jobId: string): Promise<void> {
    this.logger.log(
      `${this.queue}: dataset ${event.datasetId} version ${event.versionNumber} (job ${jobId})`,
    );
    return Promise.resolve();
  }
}
