import { type DynamicModule, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AccessModule } from '@apdc/access';
import { ArchiveModule } from '@apdc/archive';
import { AuditModule } from '@apdc/audit';
import { CatalogueModule } from '@apdc/catalogue';
import { DemoModule } from '@apdc/demo';
import { DoiModule } from '@apdc/doi';
import { DoiRegistrationModule } from '@apdc/doi-registration';
import { JobsModule } from '@apdc/jobs';
import { ObjectStoreModule } from '@apdc/object-store';
import { SearchModule } from '@apdc/search';
import { type AppConfig, type Clock, PlatformModule } from '@apdc/platform';
import { AccessController } from './controllers/access.controller.js';
import {
  ArchivePackagesController,
  RetrievalsController,
  VersionArchiveController,
} from './controllers/archive.controller.js';
import { DatasetsController } from './controllers/datasets.controller.js';
import { FilesController } from './controllers/files.controller.js';
import { HealthController } from './controllers/health.controller.js';
import { LandingController } from './controllers/landing.controller.js';
import { OaiController } from './controllers/oai.controller.js';
import { SearchController } from './controllers/search.controller.js';
import { CatalogueOaiRepository } from './oai/catalogue-oai-repository.js';
import { OaiRepository } from '@apdc/oai-pmh';
import { VersionsController } from './controllers/versions.controller.js';

export interface ApiModuleOptions {
  readonly config: AppConfig;
  readonly dataSource: DataSource;
  readonly databaseUrl: string;
  readonly clock?: Clock;
}

/** The HTTP application: controllers only; everything they call lives in the domain libs. */
@Module({})
export class ApiModule {
  static forRoot(options: ApiModuleOptions): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        PlatformModule.forRoot(options),
        ObjectStoreModule.forRoot(options.config.storage),
        JobsModule.forRoot({ databaseUrl: options.databaseUrl }),
        AuditModule,
        AccessModule,
        CatalogueModule,
        DemoModule,
        DoiModule.forRoot({ datacite: options.config.doi.datacite }),
        DoiRegistrationModule,
        SearchModule.forRoot({ elasticsearch: options.config.search.elasticsearch }),
        ArchiveModule,
      ],
      providers: [{ provide: OaiRepository, useClass: CatalogueOaiRepository }],
      controllers: [
        HealthController,
        DatasetsController,
        VersionsController,
        FilesController,
        AccessController,
        LandingController,
        OaiController,
        SearchController,
        VersionArchiveController,
        ArchivePackagesController,
        RetrievalsController,
      ],
    };
  }
}
