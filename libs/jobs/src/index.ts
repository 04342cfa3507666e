export {
  ARCHIVE_AUDIT_QUEUE,
  ARCHIVE_PACKAGE_QUEUE,
  ARCHIVE_RETRIEVAL_QUEUE,
  type ArchiveAuditRequest,
  type ArchivePackageRequest,
  type ArchiveRetrievalRequest,
  DATASET_CHANGED_QUEUE,
  type DatasetChangedEvent,
  RELEASE_EVENT_QUEUES,
  SEARCH_REINDEX_QUEUE,
  type ReleaseEvent,
  type ReleaseEventQueue,
} from './job-names.js';
export { type JobHandler, JobQueue, type JobStatus } from './job-queue.service.js';
export { JobsModule } from './jobs.module.js';
