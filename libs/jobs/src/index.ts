export { RELEASE_EVENT_QUEUES, type ReleaseEvent, type ReleaseEventQueue } from './job-names.js';
export { type JobHandler, JobQueue } from './job-queue.service.js';
export { JobsModule } from './jobs.module.js';
