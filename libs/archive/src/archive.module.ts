import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Module } from '@nestjs/common';
import { CatalogueModule } from '@apdc/catalogue';
import { APP_CONFIG, type AppConfig } from '@apdc/platform';
import { type BagItProfile, parseBagItProfile } from './bagit/index.js';
import { ArchiveAuditor } from './archive-auditor.service.js';
import { ArchivePackager } from './archive-packager.service.js';
import { ArchiveRetention } from './archive-retention.service.js';
import { ArchiveRetrievalService } from './archive-retrieval.service.js';
import { ArchiveStatusService } from './archive-status.service.js';
import { ARCHIVE_POLICIES, BAGIT_PROFILE, BAGIT_PROFILE_FILE } from './archive-tokens.js';
import { ArchiveWorkers } from './archive-workers.service.js';
import { ArchiveRepository } from './archive.repository.js';
import { type ArchivePolicySet, loadArchivePolicies } from './policy/index.js';

/**
 * The long-term archive. Loads and validates the archive policies and the BagIt profile at start-up, so
 * that a bad policy stops the service before anything is packed under it. Needs the catalogue, jobs,
 * object-store and platform modules.
 */
@Module({
  imports: [CatalogueModule],
  providers: [
    {
      provide: ARCHIVE_POLICIES,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Promise<ArchivePolicySet> =>
        loadArchivePolicies(config.archive.policiesDir),
    },
    {
      provide: BAGIT_PROFILE,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<BagItProfile> =>
        parseBagItProfile(
          JSON.parse(
            await readFile(path.join(config.archive.policiesDir, BAGIT_PROFILE_FILE), 'utf8'),
          ) as unknown,
        ),
    },
    ArchiveRepository,
    ArchivePackager,
    ArchiveAuditor,
    ArchiveRetention,
    ArchiveRetrievalService,
    ArchiveStatusService,
    ArchiveWorkers,
  ],
  exports: [ArchiveStatusService, ArchiveRetrievalService, ArchiveWorkers, ArchivePackager, ARCHIVE_POLICIES],
})
export class ArchiveModule {}
