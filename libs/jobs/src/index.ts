export {
  DATASET_CHANGED_QUEUE,
  type DatasetChangedEvent,
  RELEASE_EVENT_QUEUES,
  SEARCH_REINDEX_QUEUE,
  type ReleaseEvent,
  type ReleaseEventQueue,
} from './job-names.js';
export { type JobHandler, JobQueue, type JobStatus } from './job-queue.service.js';
export { JobsModule } from './jobs.module.js';
