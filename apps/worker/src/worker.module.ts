import { type DynamicModule, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AccessModule } from '@apdc/access';
import { ArchiveModule } from '@apdc/archive';
import { AuditModule } from '@apdc/audit';
import { DoiModule } from '@apdc/doi';
import { DoiRegistrationModule } from '@apdc/doi-registration';
import { JobsModule } from '@apdc/jobs';
import { ObjectStoreModule } from '@apdc/object-store';
import { SearchModule } from '@apdc/search';
import { type AppConfig, PlatformModule } from '@apdc/platform';

/** The worker process: job handlers only, no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(options: { config: AppConfig; dataSource: DataSource; databaseUrl: string }): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot(options),
        JobsModule.forRoot({ databaseUrl: options.databaseUrl }),
        ObjectStoreModule.forRoot(options.config.storage),
        AuditModule,
        AccessModule,
        DoiModule.forRoot({ datacite: options.config.doi.datacite }),
        DoiRegistrationModule,
        SearchModule.forRoot({ elasticsearch: options.config.search.elasticsearch }),
        ArchiveModule,
      ],
    };
  }
}
