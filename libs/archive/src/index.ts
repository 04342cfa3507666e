export { ArchiveModule } from './archive.module.js';
export {
  type ArchiveAuditView,
  type ArchiveEventView,
  type ArchiveOverviewItem,
  PACKAGE_STATES,
  type ArchiveStatusView,
  type CopyStatusView,
  type PackageStatusView,
  ArchiveStatusService,
} from './archive-status.service.js';
export {
  ArchiveRetrievalService,
  type RetrievalView,
  type RetrievedContent,
} from './archive-retrieval.service.js';
export { ArchiveWorkers } from './archive-workers.service.js';
export { ArchivePackager } from './archive-packager.service.js';
export { ARCHIVE_POLICIES } from './archive-tokens.js';
export * from './errors.js';
export * from './bagit/index.js';
export * from './policy/index.js';
export * from './premis/index.js';
export * from './packaging/index.js';
