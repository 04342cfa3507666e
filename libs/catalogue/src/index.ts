export { CatalogueModule } from './catalogue.module.js';
export { DatasetService } from './dataset.service.js';
export { VersionService, type VersionSettings, isUnderEmbargo, versionEtag } from './version.service.js';
export { PublicationService } from './publication.service.js';
export { FileService, type UploadRequest } from './file.service.js';
export type { DatasetView, FileView, VersionSummaryView, VersionView } from './release.view.js';
export type { Page } from '@apdc/platform';
export type { DoiStatus } from './version.repository.js';
export { type DeclaredDigests, contentDigestHeader, parseDeclaredDigests } from './files/declared-digests.js';
export { releaseFilePathViolations } from './files/release-file-path.js';
export * from './errors.js';
export {
  type ConceptRegistrationInput,
  type RegistrationInput,
  ReleaseRecordService,
} from './release-record.service.js';
export { HarvestIndexService } from './harvest-index.service.js';
export type { HarvestItemRow, HarvestSelection } from './harvest-index.repository.js';
export { type DiscoverableRelease, DiscoverableReleaseService } from './discoverable-release.service.js';
export {
  type ArchivalRelease,
  ArchivalReleaseService,
  type ArchivalVersionRef,
} from './archival-release.service.js';
export type { FileRecord } from './file.repository.js';
