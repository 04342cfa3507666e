import { Module } from '@nestjs/common';
import { ArchivalReleaseService } from './archival-release.service.js';
import { DatasetRepository } from './dataset.repository.js';
import { DatasetService } from './dataset.service.js';
import { DiscoverableReleaseService } from './discoverable-release.service.js';
import { DoiMinter } from './doi-minter.service.js';
import { FileRepository } from './file.repository.js';
import { FileService } from './file.service.js';
import { HarvestIndexRepository } from './harvest-index.repository.js';
import { HarvestIndexService } from './harvest-index.service.js';
import { MetadataWriter } from './metadata-writer.service.js';
import { PublicationService } from './publication.service.js';
import { ReleaseAccess } from './release-access.service.js';
import { ReleaseAnnouncer } from './release-announcer.service.js';
import { ReleaseRecordService } from './release-record.service.js';
import { VersionRepository } from './version.repository.js';
import { VersionService } from './version.service.js';

/** Datasets, their versions and files: the system of record. Needs the access, audit, jobs and object-store modules. */
@Module({
  providers: [
    ArchivalReleaseService,
    DatasetRepository,
    DatasetService,
    DiscoverableReleaseService,
    DoiMinter,
    FileRepository,
    FileService,
    HarvestIndexRepository,
    HarvestIndexService,
    MetadataWriter,
    PublicationService,
    ReleaseAccess,
    ReleaseAnnouncer,
    ReleaseRecordService,
    VersionRepository,
    VersionService,
  ],
  exports: [
    ArchivalReleaseService,
    DatasetService,
    DiscoverableReleaseService,
    FileService,
    HarvestIndexService,
    PublicationService,
    ReleaseRecordService,
    VersionService,
  ],
})
export class CatalogueModule {}
